package io.tinywide.chatsync.core.codec;

import io.tinywide.chatsync.core.domain.ChatMessage;
import io.tinywide.chatsync.core.port.in.MessageLines;

/** {@link MessageLines} in the canonical message JSON of the vault bodies, so a line and a vault agree. */
public final class JsonMessageLines implements MessageLines {

    @Override
    public String encode(ChatMessage message) {
        return CanonicalJson.encodeMessageLine(message);
    }

    @Override
    public ChatMessage decode(String where, String line) {
        return CanonicalJson.decodeMessageLine(where, line);
    }
}
