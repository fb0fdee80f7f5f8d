package io.tinywide.chatsync.core.port.in;

import io.tinywide.chatsync.core.domain.ChatMessage;

/**
 * Messages as JSON Lines, the format in which an application imports and exports history: one
 * message per line, such as
 * {@code {"id":"m1","conversation":"urn:chat:alice-bob","sender":"urn:user:alice",
 * "sentAt":"2024-01-15T10:00:00Z","type":"text","text":"hi"}}, with optional {@code payload}
 * (base64), {@code status}, {@code tags}, {@code receipts}, and the edit version {@code editedAt}
 * with {@code editedBy}. Get it from {@code ChatSync.messageLines()}.
 */
public interface MessageLines {

    /** One message as one line, without a line break; equal messages give equal lines. */
    String encode(ChatMessage message);

    /**
     * Decodes one line. Unknown fields, missing ones and wrong types are refused, never guessed.
     *
     * @param where names the line in messages, such as {@code history.jsonl line 12}
     * @throws io.tinywide.chatsync.core.port.out.FileFormatException naming {@code where} and the
     *         field at fault
     */
    ChatMessage decode(String where, String line);
}
