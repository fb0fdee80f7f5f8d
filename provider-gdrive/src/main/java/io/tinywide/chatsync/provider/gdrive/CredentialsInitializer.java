package io.tinywide.chatsync.provider.gdrive;

import com.google.api.client.http.HttpRequest;
import com.google.api.client.http.HttpRequestInitializer;
import com.google.api.client.http.HttpResponse;
import com.google.api.client.http.HttpUnsuccessfulResponseHandler;
import com.google.auth.Credentials;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Puts google-auth-library's {@link Credentials} on every request (refreshing the access token through
 * the library when it is due) and, on a 401, refreshes once and repeats the request. Unlike the
 * library's {@code HttpCredentialsAdapter}, a refresh that fails (a revoked or expired refresh token)
 * is thrown to the caller rather than logged and swallowed, so it is reported as what it is.
 */
final class CredentialsInitializer implements HttpRequestInitializer, HttpUnsuccessfulResponseHandler {
    private final Credentials credentials;
    private final Duration connectTimeout;
    private final Duration readTimeout;

    CredentialsInitializer(Credentials credentials, Duration connectTimeout, Duration readTimeout) {
        this.credentials = credentials;
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
    }

    @Override
    public void initialize(HttpRequest request) throws IOException {
        request.setConnectTimeout((int) connectTimeout.toMillis());
        request.setReadTimeout((int) readTimeout.toMillis());
        request.setUnsuccessfulResponseHandler(this);
        // Retries are DriveCalls' business (it knows Drive's rate-limit reasons); here only the 401 repeat.
        request.setNumberOfRetries(1);
        authorize(request);
    }

    private void authorize(HttpRequest request) throws IOException {
        Map<String, List<String>> metadata = credentials.getRequestMetadata(URI.create(request.getUrl().build()));
        if (metadata != null) {
            metadata.forEach((name, values) -> request.getHeaders().put(name, values));
        }
    }

    @Override
    public boolean handleResponse(HttpRequest request, HttpResponse response, boolean supportsRetry)
            throws IOException {
        if (response.getStatusCode() != 401 || !supportsRetry) {
            return false;
        }
        credentials.refresh(); // a refused refresh throws: the caller reports it as an authorization problem
        authorize(request);
        return true;
    }
}
