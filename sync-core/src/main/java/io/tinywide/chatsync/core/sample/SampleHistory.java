package io.tinywide.chatsync.core.sample;

import io.tinywide.chatsync.core.domain.ChatMessage;
import io.tinywide.chatsync.core.domain.PartitionKey;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;

/**
 * Repeatable synthetic chat histories, for the command line's demo, the benchmarks and tests. The
 * same arguments give the same messages.
 *
 * <p>{@link #generate} is small and regular: three busy conversations, and one rare conversation
 * ({@link #RARE}) that speaks only in January, so a lazy restore of it fetches a few months out of
 * many. {@link #chat} is what a person's phone holds after a few years, for measuring size and speed:
 * direct and group conversations of uneven activity, talk in bursts, texts from one word to a
 * paragraph over a vocabulary of a few thousand words, receipts and statuses, and some photos and
 * voice notes with their thumbnails as payloads.
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

    /**
     * A realistic history of {@code total} messages over {@code months} months from {@code first},
     * one month at a time, so that a history of millions of messages never has to be held whole.
     * Months differ in how busy they are (the total is exact); each month is ordered by (sentAt, id)
     * and its messages belong to it.
     *
     * <p>The device's owner is {@link Chat#OWNER}: their messages carry a delivery status, and in
     * groups often read receipts. Ids are 20 upper-case hex digits, unique across the history.
     */
    public static Iterable<List<ChatMessage>> chat(PartitionKey first, int months, long total, long seed) {
        if (months < 1 || total < 0) {
            throw new IllegalArgumentException("months must be positive and total not negative: " + months + ", "
                    + total);
        }
        return () -> new Chat(first, months, total, seed);
    }

    /** The generator behind {@link #chat}: one month per {@link #next()}. */
    static final class Chat implements Iterator<List<ChatMessage>> {
        /** Who the device belongs to. */
        static final String OWNER = "urn:user:me";
        private static final String[] NAMES = {"anna", "ben", "chloe", "david", "emma", "felix", "grace", "hugo",
            "iris", "jonas", "kira", "leo", "maya", "nils", "olga", "paul", "quinn", "rosa", "sam", "tara", "umar",
            "vera", "will", "xenia", "yusuf", "zoe"};
        private static final String[] GROUPS = {"family", "flatmates", "football", "book-club", "work-team",
            "climbing", "parents-class-3b", "old-school", "trip-lisbon-2023", "neighbours"};
        private static final String[] COMMON = {"i", "you", "the", "a", "to", "and", "is", "it", "ok", "we", "on",
            "in", "for", "that", "of", "me", "be", "at", "so", "just", "yes", "no", "can", "do", "are", "have",
            "what", "will", "not", "with", "this", "good", "see", "there", "now", "too", "get", "go", "think",
            "know", "was", "when", "how", "today", "tomorrow", "later", "thanks", "sure", "haha", "home", "time",
            "love", "great", "sorry", "maybe", "need", "call", "let", "tonight", "here", "where", "why", "all"};
        private static final String[] EMOJI = {"😂", "❤️", "👍", "🙏", "😊", "🎉", "😅", "🔥", "😢", "🤔"};
        private static final String[] SYLLABLES = {"ka", "lo", "mi", "ne", "ra", "to", "su", "vi", "de", "ba", "po",
            "ri", "an", "el", "or", "un", "st", "tr", "ch", "sh", "in", "er", "al", "on", "ge", "ma", "li", "pe"};
        private static final int VOCABULARY = 4000;

        private final Random random;
        private final String[] vocabulary;
        private final double[] cumulative;
        private final List<Conversation> conversations = new ArrayList<>();
        private final double[] activity;
        private final long[] perMonth;
        private PartitionKey month;
        private int index;
        private final long idBase;
        private long counter;

        private record Conversation(String urn, String[] members, boolean group) { }

        Chat(PartitionKey first, int months, long total, long seed) {
            this.random = new Random(seed);
            this.idBase = seed * 0x9E3779B97F4A7C15L; // distinct counters give distinct ids; other seeds, other ids
            this.month = first;
            Random words = new Random(7); // one vocabulary for every history
            vocabulary = new String[VOCABULARY];
            System.arraycopy(COMMON, 0, vocabulary, 0, COMMON.length);
            for (int i = COMMON.length; i < VOCABULARY; i++) {
                StringBuilder w = new StringBuilder();
                for (int s = 1 + words.nextInt(3); s > 0; s--) {
                    w.append(SYLLABLES[words.nextInt(SYLLABLES.length)]);
                }
                vocabulary[i] = w.toString();
            }
            cumulative = new double[VOCABULARY];
            double sum = 0;
            for (int i = 0; i < VOCABULARY; i++) {
                sum += 1 / Math.pow(i + 1, 1.15); // Zipf: a few words carry most of the talk
                cumulative[i] = sum;
            }
            for (String name : NAMES) {
                conversations.add(new Conversation("urn:chat:dm-" + name, new String[] {OWNER, "urn:user:" + name},
                        false));
            }
            for (int g = 0; g < GROUPS.length; g++) {
                int size = 3 + random.nextInt(9);
                String[] members = new String[size];
                members[0] = OWNER;
                for (int i = 1; i < size; i++) {
                    members[i] = "urn:user:" + NAMES[(g * 7 + i * 3) % NAMES.length];
                }
                conversations.add(new Conversation("urn:chat:group-" + GROUPS[g], members, true));
            }
            activity = new double[conversations.size()];
            double a = 0;
            for (int i = 0; i < activity.length; i++) {
                a += 1 / Math.pow(1 + random.nextInt(activity.length), 1.3);
                activity[i] = a;
            }
            double[] weight = new double[months];
            double weights = 0;
            for (int m = 0; m < months; m++) {
                weight[m] = 0.75 + random.nextDouble() * 0.5;
                weights += weight[m];
            }
            perMonth = new long[months];
            long given = 0;
            for (int m = 0; m < months; m++) {
                perMonth[m] = m == months - 1 ? total - given : Math.round(total * weight[m] / weights);
                perMonth[m] = Math.max(0, Math.min(perMonth[m], total - given));
                given += perMonth[m];
            }
        }

        @Override
        public boolean hasNext() {
            return index < perMonth.length;
        }

        @Override
        public List<ChatMessage> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            long count = perMonth[index++];
            PartitionKey key = month;
            month = month.next();
            long start = key.start().toEpochMilli();
            long span = key.end().toEpochMilli() - start;
            List<ChatMessage> out = new ArrayList<>((int) count);
            while (out.size() < count) {
                // A burst: one conversation, a few messages minutes apart, answered back and forth.
                Conversation c = conversations.get(pick(activity));
                long at = start + (long) (random.nextDouble() * span * 0.98);
                int burst = (int) Math.min(count - out.size(), 1 + (long) (-Math.log(1 - random.nextDouble()) * 6));
                String sender = c.members()[random.nextInt(c.members().length)];
                for (int i = 0; i < burst && at < start + span; i++) {
                    if (random.nextDouble() < 0.45) {
                        sender = c.members()[random.nextInt(c.members().length)];
                    }
                    out.add(message(c, sender, Instant.ofEpochMilli(at)));
                    at += 2_000 + (long) (-Math.log(1 - random.nextDouble()) * 90_000);
                }
            }
            out.sort(ChatMessage.BY_TIME_THEN_ID);
            return out;
        }

        private ChatMessage message(Conversation c, String sender, Instant at) {
            String id = String.format("3EB0%016X", mix(idBase + ++counter));
            double kind = random.nextDouble();
            String type = "text";
            byte[] payload = null;
            String text = text();
            if (kind < 0.009) {
                type = "image";
                payload = bytes(1_000 + random.nextInt(3_000));
                text = random.nextBoolean() ? text : null;
            } else if (kind < 0.013) {
                type = "voice";
                payload = bytes(800 + random.nextInt(2_000));
                text = null;
            } else if (kind < 0.03) {
                type = "sticker";
                text = EMOJI[random.nextInt(EMOJI.length)];
            }
            String status = null;
            Map<String, String> receipts = null;
            if (sender.equals(OWNER)) {
                status = random.nextDouble() < 0.9 ? "read" : "delivered";
                if (c.group() && random.nextDouble() < 0.3) {
                    receipts = new HashMap<>();
                    for (String member : c.members()) {
                        if (!member.equals(OWNER) && random.nextDouble() < 0.6) {
                            receipts.put(member, random.nextDouble() < 0.8 ? "read" : "delivered");
                        }
                    }
                }
            }
            List<String> tags = random.nextDouble() < 0.004 ? List.of("starred") : null;
            return new ChatMessage(id, c.urn(), sender, at, type, text, payload, status, tags, receipts, null);
        }

        private String text() {
            double r = random.nextDouble();
            int words = r < 0.4 ? 1 + random.nextInt(4) : r < 0.8 ? 5 + random.nextInt(11)
                    : r < 0.96 ? 16 + random.nextInt(25) : 41 + random.nextInt(60);
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < words; i++) {
                if (i > 0) {
                    b.append(random.nextDouble() < 0.06 ? ", " : " ");
                }
                b.append(vocabulary[pick(cumulative)]);
            }
            if (random.nextDouble() < 0.03) {
                b.append(" https://example.com/").append(Long.toString(random.nextLong() & Long.MAX_VALUE, 36));
            }
            double end = random.nextDouble();
            b.append(end < 0.15 ? "?" : end < 0.22 ? "!" : end < 0.32 ? " " + EMOJI[random.nextInt(EMOJI.length)] : "");
            b.setCharAt(0, Character.toUpperCase(b.charAt(0)));
            return b.toString();
        }

        private byte[] bytes(int length) {
            byte[] b = new byte[length];
            random.nextBytes(b); // thumbnails are compressed already: nothing left to squeeze
            return b;
        }

        private int pick(double[] cumulativeWeights) {
            double x = random.nextDouble() * cumulativeWeights[cumulativeWeights.length - 1];
            int i = Arrays.binarySearch(cumulativeWeights, x);
            return Math.min(i < 0 ? -i - 1 : i, cumulativeWeights.length - 1);
        }

        /** A bijection of 64-bit numbers (SplitMix64's finaliser): unique counters, random-looking ids. */
        private static long mix(long z) {
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            return z ^ (z >>> 31);
        }
    }
}
