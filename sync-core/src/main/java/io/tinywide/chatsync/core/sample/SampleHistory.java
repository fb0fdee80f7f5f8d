package io.tinywide.chatsync.core.sample;

import io.tinywide.chatsync.core.domain.ChatMessage;
import io.tinywide.chatsync.core.domain.PartitionKey;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Repeatable synthetic chat histories, for the command line's demo, the benchmarks and tests: three
 * busy conversations, and one rare conversation ({@link #RARE}) that speaks only in January, so a
 * lazy restore of it fetches a few months out of many. The same arguments give the same messages.
 */
public final class SampleHistory {
    /** The conversation that speaks only in January of each year. */
    public static final String RARE = "urn:chat:rare";

    private static final String[] BUSY = {"urn:chat:family", "urn:chat:work", "urn:chat:friends"};
    private static final String[] WORDS = {"see", "you", "tomorrow", "at", "the", "station", "thanks", "photo",
        "dinner", "ok", "love", "meeting", "moved", "to", "three", "o'clock", "🎉", "haha", "where", "are"};

    private SampleHistory() {
    }

    /**
     * {@code months} months from {@code first}, {@code perMonth} messages in each at random times of
     * the month, of about {@code textLength} characters, from six senders; every tenth message of a
     * January is in {@link #RARE}.
     *
     * @return the messages ordered by (sentAt, id)
     */
    public static List<ChatMessage> generate(PartitionKey first, int months, int perMonth, int textLength, long seed) {
        Random random = new Random(seed);
        List<ChatMessage> out = new ArrayList<>(months * perMonth);
        PartitionKey month = first;
        for (int m = 0; m < months; m++, month = month.next()) {
            long span = month.end().getEpochSecond() - month.start().getEpochSecond();
            for (int i = 0; i < perMonth; i++) {
                String conversation = month.month() == 1 && i % 10 == 0 ? RARE : BUSY[random.nextInt(BUSY.length)];
                Instant at = month.start().plusSeconds((long) (random.nextDouble() * span));
                out.add(ChatMessage.text(month + "-" + i, conversation, "urn:user:" + random.nextInt(6), at,
                        text(random, textLength)));
            }
        }
        out.sort(ChatMessage.BY_TIME_THEN_ID);
        return out;
    }

    private static String text(Random random, int length) {
        StringBuilder b = new StringBuilder(length);
        while (b.length() < length) {
            b.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
        }
        return b.toString().strip();
    }
}
