/** Repeatable synthetic chat histories for demos, benchmarks and tests. */
package io.tinywide.chatsync.core.sample;
