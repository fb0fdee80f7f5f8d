/** AES-256-GCM, PBKDF2, HKDF and HMAC on the JDK's own providers. The only package that touches {@code javax.crypto}. */
package io.tinywide.chatsync.core.crypto;
