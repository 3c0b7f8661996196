package dev.snapfork.benchmarks.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cold start of the {@code snapfork} CLI: each round starts a fresh JVM for every contender, in an
 * order that rotates per round, and the medians are reported next to the JVM's own floor
 * ({@code java -version}), plus the same commands with an application class-data-sharing archive.
 *
 * <p>Usage: {@code CliColdStart [JAR] [ROUNDS]} (default jar
 * {@code examples/target/snapfork-examples-0.1.0-SNAPSHOT-cli.jar}, 10 rounds).
 */
public final class CliColdStart {
  private CliColdStart() {}

  public static void main(String[] args) throws Exception {
    Path jar = Path.of(args.length > 0 ? args[0] : "examples/target/snapfork-examples-0.1.0-SNAPSHOT-cli.jar");
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    if (!Files.isRegularFile(jar)) {
      System.err.println("no CLI jar at " + jar + "; build it with ./mvnw -q -pl examples -am package -DskipTests");
      System.exit(2);
    }
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path root = Files.createTempDirectory("snapfork-coldstart-");
    Files.createDirectories(root.resolve("volumes/prod"));
    Files.writeString(root.resolve("volumes/prod/data.txt"), "x\n");
    String rootFlag = "snapfork.local.root=" + root;
    run(List.of(javaBin, "-jar", jar.toString(), "-D", rootFlag, "snapshot", "create", "prod", "--name", "s1"));
    Path cds = root.resolve("snapfork.jsa");
    run(List.of(javaBin, "-XX:ArchiveClassesAtExit=" + cds, "-jar", jar.toString(), "-D", rootFlag, "providers"));

    Map<String, List<String>> contenders = new LinkedHashMap<>();
    contenders.put("java -version (JVM floor)", List.of(javaBin, "-version"));
    contenders.put("snapfork providers", List.of(javaBin, "-jar", jar.toString(), "-D", rootFlag, "providers"));
    contenders.put("snapfork snapshot list", List.of(javaBin, "-jar", jar.toString(), "-D", rootFlag, "snapshot", "list"));
    contenders.put("snapfork snapshot get s1", List.of(javaBin, "-jar", jar.toString(), "-D", rootFlag, "snapshot", "get", "s1"));
    contenders.put("snapfork providers (C1, SerialGC)", List.of(javaBin, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar",
        jar.toString(), "-D", rootFlag, "providers"));
    contenders.put("snapfork providers (AppCDS)", List.of(javaBin, "-XX:SharedArchiveFile=" + cds, "-jar", jar.toString(), "-D", rootFlag, "providers"));
    contenders.put("snapfork snapshot list (AppCDS)", List.of(javaBin, "-XX:SharedArchiveFile=" + cds, "-jar", jar.toString(), "-D", rootFlag, "snapshot", "list"));

    for (List<String> c : contenders.values()) {
      run(c); // warm the page cache
    }
    Map<String, List<Long>> times = new LinkedHashMap<>();
    contenders.keySet().forEach(k -> times.put(k, new ArrayList<>()));
    List<String> order = new ArrayList<>(contenders.keySet());
    for (int r = 0; r < rounds; r++) {
      Collections.rotate(order, 1);
      for (String name : order) {
        times.get(name).add(run(contenders.get(name)));
      }
    }
    long floor = median(times.get("java -version (JVM floor)"));
    System.out.printf("CLI cold start, %d rounds, %d CPUs, load average %.1f%n", rounds,
        Runtime.getRuntime().availableProcessors(), java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    System.out.printf("%-34s %10s %10s%n", "command", "median ms", "x floor");
    times.forEach((name, t) -> System.out.printf("%-34s %10d %10.2f%n", name, median(t), (double) median(t) / floor));
  }

  private static long run(List<String> command) throws IOException, InterruptedException {
    long start = System.nanoTime();
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    int code = p.waitFor();
    long ms = (System.nanoTime() - start) / 1_000_000;
    if (code != 0) {
      throw new IllegalStateException(String.join(" ", command) + " exited " + code);
    }
    return ms;
  }

  static long median(List<Long> values) {
    List<Long> s = new ArrayList<>(values);
    Collections.sort(s);
    return s.get(s.size() / 2);
  }
}
