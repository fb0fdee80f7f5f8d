package io.tinywide.chatsync.fake.dropbox;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An answer other than success, shaped as Dropbox shapes it: a route error is HTTP 409 with
 * {@code {"error_summary": "path/not_found/..", "error": {...}}}; a malformed call is HTTP 400 with
 * a line of text; a refused token is 401 with an {@code AuthError}.
 */
final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    final int status;
    final String summary;
    final transient ObjectNode error;

    private ApiError(int status, String summary, ObjectNode error) {
        super(summary, null, false, false);
        this.status = status;
        this.summary = summary;
        this.error = error;
    }

    /** A 409 route error: {@code error} is the route's error union, {@code summary} its tags joined by '/'. */
    static ApiError route(String summary, ObjectNode error) {
        return new ApiError(409, summary + "/..", error);
    }

    /** A 400: Dropbox answers a call it cannot parse with plain text, not JSON. */
    static ApiError badRequest(String text) {
        return new ApiError(400, text, null);
    }

    static ApiError auth(String tag) {
        return new ApiError(401, tag + "/..", tag(tag));
    }

    static ObjectNode tag(String tag) {
        return JSON.objectNode().put(".tag", tag);
    }

    /** {@code {".tag": outer, outer: inner}}: a union member that carries another union. */
    static ObjectNode nested(String outer, ObjectNode inner) {
        ObjectNode node = tag(outer);
        node.set(outer, inner);
        return node;
    }

    /** A {@code LookupError} inside the route error member {@code member}: {@code path/not_found}. */
    static ApiError lookup(String member, String lookupTag) {
        return route(member + "/" + lookupTag, nested(member, tag(lookupTag)));
    }

    /** A {@code WriteError} inside {@code member}: {@code path/conflict/file}, {@code path/insufficient_space}. */
    static ApiError write(String member, String writeTag, String conflictTag) {
        ObjectNode write = conflictTag == null ? tag(writeTag) : nested(writeTag, tag(conflictTag));
        String summary = member + "/" + writeTag + (conflictTag == null ? "" : "/" + conflictTag);
        return route(summary, nested(member, write));
    }

    ObjectNode body() {
        ObjectNode body = JSON.objectNode().put("error_summary", summary);
        body.set("error", error);
        return body;
    }
}
