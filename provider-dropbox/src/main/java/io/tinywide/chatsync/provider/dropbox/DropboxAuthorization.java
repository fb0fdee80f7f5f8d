package io.tinywide.chatsync.provider.dropbox;

import com.dropbox.core.BadRequestException;
import com.dropbox.core.DbxAppInfo;
import com.dropbox.core.DbxAuthFinish;
import com.dropbox.core.DbxException;
import com.dropbox.core.DbxPKCEWebAuth;
import com.dropbox.core.DbxWebAuth;
import com.dropbox.core.TokenAccessType;
import com.dropbox.core.oauth.DbxCredential;
import io.tinywide.chatsync.core.port.out.AuthenticationException;
import io.tinywide.chatsync.core.port.out.Authorization;
import io.tinywide.chatsync.core.port.out.ProviderConfig;

import java.nio.file.Path;
import java.util.function.Function;

/**
 * {@code chatsync auth dropbox}: the OAuth 2 code flow with PKCE, as Dropbox recommends for apps that
 * cannot keep a secret. The user opens the printed address, allows the app, and pastes back the code
 * Dropbox shows (no redirect, so it works over SSH too); the code is exchanged for a refresh token,
 * stored with the app key in the credential file, readable by the user only. The SDK renews access
 * tokens from it afterwards.
 */
final class DropboxAuthorization implements Authorization {
    private final Function<String, String> env;

    DropboxAuthorization(Function<String, String> env) {
        this.env = env;
    }

    @Override
    public Path authorize(ProviderConfig config, Dialog dialog) {
        DropboxSettings settings = DropboxSettings.from(config, env);
        String appKey = DropboxSettings.appKey(env).orElseThrow(() -> new AuthenticationException("dropbox: no app "
                + "key: set " + DropboxSettings.APP_KEY_VARIABLE + " to the key of your Dropbox app (the README says "
                + "how to create one), then run 'chatsync auth dropbox' again", null));
        DbxPKCEWebAuth flow = new DbxPKCEWebAuth(DropboxProvider.requestConfig(settings), new DbxAppInfo(appKey));
        String url = flow.authorize(DbxWebAuth.newRequestBuilder().withNoRedirect()
                .withTokenAccessType(TokenAccessType.OFFLINE).build());
        dialog.say("1. Open this address in a browser, sign in to Dropbox and allow access to chatsync's app folder:");
        dialog.say("   " + settings.endpoint().map(e -> EndpointRequestor.rewrite(e, url)).orElse(url));
        String code = dialog.ask("2. Paste the code Dropbox shows:").strip();
        if (code.isEmpty()) {
            throw new AuthenticationException("dropbox: no code was pasted; run 'chatsync auth dropbox' again and "
                    + "paste the code Dropbox shows after you allow access", null);
        }
        DbxAuthFinish finish;
        try {
            finish = flow.finishFromCode(code);
        } catch (BadRequestException e) {
            throw new AuthenticationException("dropbox: Dropbox refused the code (a code works once, for a few "
                    + "minutes, and only for the address printed with it); run 'chatsync auth dropbox' again", e);
        } catch (DbxException e) {
            throw DropboxErrors.translate("dropbox: cannot finish the authorization", e);
        }
        if (finish.getRefreshToken() == null) {
            throw new AuthenticationException("dropbox: Dropbox granted no refresh token (offline access); check "
                    + "that the app is a scoped app, then run 'chatsync auth dropbox' again", null);
        }
        DbxCredential credential = new DbxCredential(finish.getAccessToken(), finish.getExpiresAt(),
                finish.getRefreshToken(), appKey);
        return CredentialFile.store(settings.credential(), credential);
    }
}
