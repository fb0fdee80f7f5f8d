package io.tinywide.chatsync.bench;

import io.tinywide.chatsync.core.domain.ChatMessage;
import io.tinywide.chatsync.core.domain.PartitionKey;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Repeatable synthetic histories for benchmarks: busy conversations, and one rare one. */
final class Histories {
    static final String RARE = "urn:chat:rare";
    private static final String[] BUSY = {"urn:chat:family", "urn:chat:work", "urn:chat:friends"};

    private Histories() {
    }

    /**
     * {@code months} months from January 2020, {@code perMonth} messages each, of about {@code textLength}
     * characters; {@link #RARE} speaks only in the first month of each year.
     */
    static List<ChatMessage> generate(int months, int perMonth, int textLength, long seed) {
        Random random = new Random(seed);
        List<ChatMessage> out = new ArrayList<>(months * perMonth);
        PartitionKey month = PartitionKey.parse("2020-01");
        for (int m = 0; m < months; m++, month = month.next()) {
            long span = month.end().getEpochSecond() - month.start().getEpochSecond();
            for (int i = 0; i < perMonth; i++) {
                String conversation = month.month() == 1 && i % 10 == 0 ? RARE : BUSY[random.nextInt(BUSY.length)];
                Instant at = month.start().plusSeconds((long) (random.nextDouble() * span));
                out.add(ChatMessage.text(month + "-" + i, conversation, "urn:user:" + random.nextInt(6), at,
                        text(random, textLength)));
            }
        }
        return out;
    }

    private static String text(Random random, int length) {
        StringBuilder b = new StringBuilder(length);
        String[] words = {"see", "you", "tomorrow", "at", "the", "station", "thanks", "photo", "dinner", "ok", "love",
                "meeting", "moved", "to", "three", "o'clock", "🎉", "haha", "where", "are"};
        while (b.length() < length) {
            b.append(words[random.nextInt(words.length)]).append(' ');
        }
        return b.toString().strip();
    }
}
