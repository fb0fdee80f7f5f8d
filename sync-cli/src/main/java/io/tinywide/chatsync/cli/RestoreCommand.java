package io.tinywide.chatsync.cli;

import io.tinywide.chatsync.cli.Errors.UserError;
import io.tinywide.chatsync.core.domain.PartitionKey;
import io.tinywide.chatsync.core.port.in.ChatSyncService;
import io.tinywide.chatsync.core.port.in.RestoreReport;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** {@code restore}: fetch one month, the month of a date, or the months of one conversation. */
@Command(name = "restore", description = "Fetch older history on demand: a month, a date's month, or a conversation.")
final class RestoreCommand extends DeviceCommand {
    @ArgGroup(multiplicity = "1")
    Target target;

    static final class Target {
        @Option(names = "--month", paramLabel = "YYYY-MM", description = "a month, such as 2024-01")
        String month;
        @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "a day; its month is fetched")
        String date;
        @Option(names = "--conversation", paramLabel = "URN", description = "only the months that hold it")
        String conversation;
    }

    @Override
    public Integer call() {
        LocalDate day = target.conversation != null ? null : day(); // a typo must not leave a new store behind
        try (Device device = Device.withRemote(cli)) {
            ChatSyncService service = device.service();
            RestoreReport report;
            if (target.conversation != null) {
                report = service.restoreConversation(target.conversation);
            } else {
                report = service.restoreVaultForDate(day);
            }
            if (report.partitionsFetched().isEmpty() && report.isComplete()) {
                // Not an error (exit 0): a script may walk months that were never backed up. But
                // "restored 0 months []" reads like a restore that went wrong.
                String remote = device.storage().describe();
                out().println(target.conversation != null
                        ? "nothing to restore for " + target.conversation + " at " + remote + ": no month there "
                                + "holds it, or this device already has every month that does"
                        : "no backup for " + PartitionKey.of(day) + " at " + remote + "; nothing was restored");
                out().flush();
                return 0;
            }
            Reports.print(out(), report);
            if (!report.failures().isEmpty()) {
                Reports.printFailed(err(), "restore", report.partitionsFetched().size() + report.failures().size(),
                        report.failures(), "nothing was lost (this device keeps what it had; the remote is only "
                                + "read); " + Reports.nextStep(report.failures()));
            }
            return report.isComplete() ? 0 : ChatsyncCli.FAILED;
        }
    }

    private LocalDate day() {
        if (target.month != null) {
            try {
                return PartitionKey.parse(target.month).start().atZone(java.time.ZoneOffset.UTC).toLocalDate();
            } catch (IllegalArgumentException e) {
                throw new UserError("--month must look like 2024-01, in the years 0001 to 9999, not '" + target.month
                        + "'");
            }
        }
        LocalDate date;
        try {
            date = LocalDate.parse(target.date);
        } catch (DateTimeParseException e) {
            throw new UserError("--date must look like 2024-01-15, not '" + target.date + "'");
        }
        try {
            PartitionKey.of(date); // LocalDate takes years that no partition can hold
        } catch (IllegalArgumentException e) {
            throw new UserError("--date '" + target.date + "' is out of range: chatsync keeps the years 0001 to 9999");
        }
        return date;
    }
}
