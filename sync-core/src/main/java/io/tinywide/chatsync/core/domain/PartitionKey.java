package io.tinywide.chatsync.core.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One monthly partition of the history: the UTC year and month of a message's {@code sentAt}.
 *
 * <p>A message never changes partition, and a tombstone lives in the partition of the message it
 * deletes, so each remote vault file holds exactly the messages and deletions of one month.
 *
 * @param year  the UTC year, 1 to 9999
 * @param month the UTC month, 1 to 12
 */
public record PartitionKey(int year, int month) implements Comparable<PartitionKey> {

    private static final Pattern FILE_NAME =
            Pattern.compile("(\\d{4})/chat_(vault|manifest)_(\\d{4})_(\\d{2})\\.json");

    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant AFTER_LATEST = Instant.parse("+10000-01-01T00:00:00Z");

    public PartitionKey {
        if (year < 1 || year > 9999) {
            throw new IllegalArgumentException("year out of range 1..9999: " + year);
        }
        if (month < 1 || month > 12) {
            throw new IllegalArgumentException("month out of range 1..12: " + month);
        }
    }

    /**
     * The partition of an instant, in UTC.
     *
     * @throws IllegalArgumentException if the instant lies outside the years 0001 to 9999, which
     *                                  have no four-digit file name to live in
     */
    public static PartitionKey of(Instant instant) {
        if (instant.isBefore(EARLIEST) || !instant.isBefore(AFTER_LATEST)) {
            throw new IllegalArgumentException(instant + " is outside the years 0001 to 9999 (UTC) that partitions cover");
        }
        // Every message's partition is asked for, often many times: the day's date without time zones.
        LocalDate day = LocalDate.ofEpochDay(Math.floorDiv(instant.getEpochSecond(), 86_400L));
        return new PartitionKey(day.getYear(), day.getMonthValue());
    }

    private static boolean digits(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** The partition that holds a calendar date (UTC). */
    public static PartitionKey of(LocalDate date) {
        return new PartitionKey(date.getYear(), date.getMonthValue());
    }

    /** Parses {@code YYYY-MM}. */
    public static PartitionKey parse(String text) {
        Objects.requireNonNull(text, "text");
        // The form chatsync writes, read without a date formatter: stores and files hold thousands.
        if (text.length() == 7 && text.charAt(4) == '-' && digits(text, 0, 4) && digits(text, 5, 7)) {
            int month = Integer.parseInt(text, 5, 7, 10);
            int year = Integer.parseInt(text, 0, 4, 10);
            if (month >= 1 && month <= 12 && year >= 1) {
                return new PartitionKey(year, month);
            }
        }
        try {
            YearMonth ym = YearMonth.parse(text);
            return new PartitionKey(ym.getYear(), ym.getMonthValue());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a month in the form YYYY-MM: '" + text + "'", e);
        }
    }

    /**
     * Recognises a remote file path relative to the root, {@code 2024/chat_vault_2024_01.json} or
     * {@code 2024/chat_manifest_2024_01.json}; anything else (junk of other sync tools, a file
     * whose folder and name disagree) is not a partition file.
     */
    public static Optional<FileRef> parseFilePath(String relativePath) {
        Matcher m = FILE_NAME.matcher(relativePath);
        if (!m.matches() || !m.group(1).equals(m.group(3))) {
            return Optional.empty();
        }
        int year = Integer.parseInt(m.group(3));
        int month = Integer.parseInt(m.group(4));
        if (year < 1 || month < 1 || month > 12) {
            return Optional.empty();
        }
        PartitionKey key = new PartitionKey(year, month);
        return Optional.of(new FileRef(key, m.group(2).equals("vault") ? FileKind.VAULT : FileKind.MANIFEST));
    }

    /** {@code 2024/chat_vault_2024_01.json}, relative to the remote root. */
    public String vaultPath() {
        return folder() + "/chat_vault_" + suffix() + ".json";
    }

    /** {@code 2024/chat_manifest_2024_01.json}, relative to the remote root. */
    public String manifestPath() {
        return folder() + "/chat_manifest_" + suffix() + ".json";
    }

    /** The path of the file of the given kind. */
    public String path(FileKind kind) {
        return kind == FileKind.VAULT ? vaultPath() : manifestPath();
    }

    /** The first instant of the month (inclusive), UTC. */
    public Instant start() {
        return YearMonth.of(year, month).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    /** The first instant of the next month (exclusive), UTC. */
    public Instant end() {
        return YearMonth.of(year, month).plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    public boolean contains(Instant instant) {
        return !instant.isBefore(start()) && instant.isBefore(end());
    }

    public PartitionKey previous() {
        YearMonth ym = YearMonth.of(year, month).minusMonths(1);
        return new PartitionKey(ym.getYear(), ym.getMonthValue());
    }

    public PartitionKey next() {
        YearMonth ym = YearMonth.of(year, month).plusMonths(1);
        return new PartitionKey(ym.getYear(), ym.getMonthValue());
    }

    private String folder() {
        return String.format("%04d", year);
    }

    private String suffix() {
        return String.format("%04d_%02d", year, month);
    }

    @Override
    public int compareTo(PartitionKey o) {
        return year != o.year ? Integer.compare(year, o.year) : Integer.compare(month, o.month);
    }

    /** {@code YYYY-MM}. */
    @Override
    public String toString() {
        char[] text = {digit(year / 1000), digit(year / 100), digit(year / 10), digit(year), '-', digit(month / 10),
            digit(month)};
        return new String(text);
    }

    private static char digit(int n) {
        return (char) ('0' + n % 10);
    }

    /** The two kinds of partition file. */
    public enum FileKind { VAULT, MANIFEST }

    /** A recognised partition file path. */
    public record FileRef(PartitionKey partition, FileKind kind) { }
}
