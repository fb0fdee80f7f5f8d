/** AES-256-GCM and PBKDF2 on the JDK's own providers. The only package that touches {@code javax.crypto}. */
package io.tinywide.chatsync.core.crypto;
