package dev.snapfork.examples.cli;

import dev.snapfork.Snapshotter;
import dev.snapfork.examples.cli.internal.Durations;
import dev.snapfork.examples.pipeline.PipelineFile;
import dev.snapfork.examples.pipeline.PipelineReport;
import dev.snapfork.examples.pipeline.PipelineRunner;
import dev.snapfork.examples.pipeline.PipelineSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code snapfork pipeline run FILE}: fork, stage, test, tear down, report. */
@Command(name = "pipeline", mixinStandardHelpOptions = true, description = "Staging pipelines.",
    subcommands = PipelineCommand.Run.class)
final class PipelineCommand {
  @Command(name = "run", mixinStandardHelpOptions = true,
      description = "Run a staging pipeline (YAML or properties): fork the sources, start the staging service, run the "
          + "test command against the copies, tear down by the policy (also on failure and Ctrl-C), print a report.")
  static final class Run extends BaseCommand {
    @Parameters(paramLabel = "FILE", description = "The pipeline file (.yaml, .yml or .properties).")
    Path file;
    @Option(names = "--poll-interval", converter = DurationConverter.class, defaultValue = "500ms", hidden = true)
    Duration pollInterval;

    @Override
    int run() {
      PipelineSpec spec = PipelineFile.read(file);
      session.fileSettings(spec.settings());
      PipelineReport report;
      try (Snapshotter s = session.snapshotter(null)) {
        report = new PipelineRunner(s, session.readyTimeout(), session.err(), pollInterval).run(spec);
      }
      print(report);
      if (report.outcome() == PipelineReport.Outcome.INTERRUPTED) {
        Thread.interrupted();
      }
      return switch (report.outcome()) {
        case PASSED -> report.phase("teardown").map(PipelineReport.PhaseTiming::ok).orElse(true) ? ExitCodes.OK : ExitCodes.FAILURE;
        case TESTS_FAILED -> ExitCodes.TEST_FAILED;
        case INTERRUPTED -> ExitCodes.INTERRUPTED;
        case FAILED -> ExitCodes.FAILURE;
      };
    }

    private void print(PipelineReport r) {
      if (session.printer().format() != OutputFormat.table) {
        session.printer().one(r.toMap());
        return;
      }
      var out = session.out();
      out.printf("Pipeline %s (%s) on %s: %s%n", r.pipeline(), r.runId(), r.provider(), r.outcome());
      List<Map<String, Object>> rows = new ArrayList<>();
      for (PipelineReport.PhaseTiming p : r.phases()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("phase", p.phase());
        m.put("time", Durations.format(p.duration()));
        m.put("status", p.ok() ? "ok" : "FAILED");
        m.put("detail", p.detail());
        rows.add(m);
      }
      out.flush();
      session.printer().list(rows, List.of("phase", "time", "status", "detail"));
      out.printf("freeze window: %s%n", r.freezeWindow().map(Durations::format).orElse("-"));
      r.testExitCode().ifPresent(c -> out.printf("test exit code: %d%n", c));
      r.error().ifPresent(e -> out.printf("error: %s%n", session.redactor().redact(e)));
      if (!r.kept().isEmpty()) {
        out.printf("left behind: %s%n", String.join(", ", r.kept()));
      }
      out.flush();
    }
  }

  private PipelineCommand() {}
}
