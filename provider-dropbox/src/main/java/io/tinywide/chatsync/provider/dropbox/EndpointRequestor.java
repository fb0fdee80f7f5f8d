package io.tinywide.chatsync.provider.dropbox;

import com.dropbox.core.http.HttpRequestor;

import java.io.IOException;
import java.net.URI;

/**
 * Sends the SDK's calls to another server: {@code https://api.dropboxapi.com/2/files/list_folder}
 * becomes {@code ENDPOINT/api.dropboxapi.com/2/files/list_folder}, and likewise for the content host
 * and the web host (the consent page). The host stays in the path, so the server still knows which
 * of Dropbox's hosts was addressed. Used for the project's fake and for any compatible server.
 */
final class EndpointRequestor extends HttpRequestor {
    private static final String HTTPS = "https://";

    private final HttpRequestor delegate;
    private final URI endpoint;

    EndpointRequestor(HttpRequestor delegate, URI endpoint) {
        this.delegate = delegate;
        this.endpoint = endpoint;
    }

    /** The URL on the endpoint for a URL of one of Dropbox's hosts. */
    static String rewrite(URI endpoint, String url) {
        if (!url.startsWith(HTTPS)) {
            throw new IllegalArgumentException("not a Dropbox URL: " + url);
        }
        return endpoint + url.substring(HTTPS.length());
    }

    @Override
    public Response doGet(String url, Iterable<Header> headers) throws IOException {
        return delegate.doGet(rewrite(endpoint, url), headers);
    }

    @Override
    public Uploader startPost(String url, Iterable<Header> headers) throws IOException {
        return delegate.startPost(rewrite(endpoint, url), headers);
    }

    @Override
    public Uploader startPostInStreamingMode(String url, Iterable<Header> headers) throws IOException {
        return delegate.startPostInStreamingMode(rewrite(endpoint, url), headers);
    }

    @Override
    public Uploader startPut(String url, Iterable<Header> headers) throws IOException {
        return delegate.startPut(rewrite(endpoint, url), headers);
    }
}
