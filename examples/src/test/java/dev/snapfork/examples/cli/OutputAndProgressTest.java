package dev.snapfork.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snapfork.examples.cli.internal.Json;
import dev.snapfork.examples.cli.internal.Progress;
import dev.snapfork.examples.cli.internal.Redactor;
import dev.snapfork.examples.cli.internal.Yaml;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutputAndProgressTest {
  @Test
  void jsonEscapesAndNests() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("s", "a\"b\\c\nd");
    m.put("n", 3);
    m.put("b", true);
    m.put("none", null);
    m.put("list", List.of("x"));
    m.put("empty", Map.of());
    assertThat(Json.write(m)).isEqualTo("""
        {
          "s": "a\\"b\\\\c\\nd",
          "n": 3,
          "b": true,
          "none": null,
          "list": [
            "x"
          ],
          "empty": {}
        }""");
  }

  @Test
  void yamlQuotesWhatCouldBeMisread() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("plain", "prod-volume");
    m.put("bool", "true");
    m.put("time", "2026-01-01T00:00:00Z");
    m.put("colon", "a: b");
    m.put("items", List.of(Map.of("k", "v"), "x"));
    assertThat(Yaml.write(m)).isEqualTo("""
        plain: prod-volume
        bool: "true"
        time: "2026-01-01T00:00:00Z"
        colon: "a: b"
        items:
          - k: v
          - x
        """);
  }

  @Test
  void redactorMasksKnownSecretsAndUriPasswords() {
    Redactor r = new Redactor();
    r.add(List.of("tok-123456"));
    assertThat(r.redact("token tok-123456 for mongodb://u:pw@h:1/db"))
        .isEqualTo("token **** for mongodb://u:****@h:1/db");
  }

  @Test
  void longWaitsPrintPeriodicLinesWhenNotOnATerminal() {
    StringWriter err = new StringWriter();
    PrintWriter w = new PrintWriter(err);
    Progress p = new Progress(w, false, Duration.ofMillis(10));
    String result = p.during("waiting for snap-1", Duration.ofMinutes(1), () -> {
      for (int i = 0; i < 500 && !contains(err, "still waiting"); i++) {
        sleep();
      }
      return "done";
    });
    assertThat(result).isEqualTo("done");
    assertThat(err.toString()).contains("waiting for snap-1: still waiting, ", "elapsed (timeout 1m00s)");
  }

  @Test
  void onATerminalABarIsRedrawnInPlace() {
    StringWriter err = new StringWriter();
    Progress p = new Progress(new PrintWriter(err), true, Duration.ofMillis(10));
    p.during("cut", Duration.ofSeconds(1), () -> {
      for (int i = 0; i < 500 && !contains(err, "["); i++) {
        sleep();
      }
      return null;
    });
    assertThat(err.toString()).startsWith("\rcut [").contains("] ").doesNotContain("still waiting").endsWith("\r");
  }

  private static boolean contains(StringWriter w, String s) {
    synchronized (w.getBuffer()) {
      return w.toString().contains(s);
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(5);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
