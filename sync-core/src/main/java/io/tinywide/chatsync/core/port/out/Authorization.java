package io.tinywide.chatsync.core.port.out;

import java.nio.file.Path;

/**
 * The one-time, interactive authorization that a provider of a user's cloud account needs before its
 * storage can be opened: an OAuth 2.0 consent for Google Drive or Dropbox. The command line's
 * {@code chatsync auth <provider>} runs it; afterwards {@link StorageProvider#open} finds the stored
 * credential by itself. An application that has its own sign-in passes credentials the provider's own
 * way instead (see the provider's documentation) and never needs this.
 *
 * <p>A provider offers it through {@link StorageProvider#authorization()}.
 */
public interface Authorization {

    /**
     * Runs the flow once: shows the user where to consent, obtains the grant, and stores the
     * long-lived credential (a refresh token) where {@link StorageProvider#open} finds it later,
     * readable by the user only.
     *
     * @param config the remote being authorized; its options may name an endpoint or a credential file
     * @param dialog how to talk to the user
     * @return where the credential was stored
     * @throws AuthenticationException if the user or the service refused the grant
     * @throws StorageException        if the service could not be reached or the credential not stored
     */
    Path authorize(ProviderConfig config, Dialog dialog);

    /** How a flow talks to the user: lines out, one line in. */
    interface Dialog {

        /** Shows one line (an instruction, a URL to open). */
        void say(String line);

        /**
         * Asks for one line, such as a code shown by the provider's consent page.
         *
         * @return the line typed, without its line break
         * @throws IllegalStateException if there is no one to answer (no input)
         */
        String ask(String prompt);
    }
}
