package dev.snapfork.examples.codepipeline;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.snapfork.ConsistencyHook;
import dev.snapfork.ForkRequest;
import dev.snapfork.ForkResult;
import dev.snapfork.InvalidRequestException;
import dev.snapfork.SnapshotException;
import dev.snapfork.SnapshotOptions;
import dev.snapfork.SnapshotProvider;
import dev.snapfork.Snapshotter;
import dev.snapfork.VolumeRef;
import dev.snapfork.config.ConfigValue;
import dev.snapfork.config.Hooks;
import dev.snapfork.config.Providers;
import dev.snapfork.config.SnapforkConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import dev.snapfork.SnapshotTimeoutException;
import dev.snapfork.examples.kubernetes.KubernetesStaging;
import dev.snapfork.examples.kubernetes.StagingResult;
import dev.snapfork.examples.kubernetes.StagingSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.codepipeline.model.ExecutionDetails;
import software.amazon.awssdk.services.codepipeline.model.FailureDetails;
import software.amazon.awssdk.services.codepipeline.model.FailureType;

/**
 * A CodePipeline Lambda action that forks a production volume for staging: reads the job's
 * UserParameters ({@link ForkParameters}), runs a consistent fork with the configured provider and
 * hooks, and reports {@code PutJobSuccessResult} (summary: snapshot, volume, freeze window) or
 * {@code PutJobFailureResult} (a one-line message, secrets masked). When UserParameters carry a
 * {@code kubernetes} object, it then runs the staging tests with {@link KubernetesStaging} against
 * the clone (a PVC of that name) in the time left, and fails the job when they fail.
 *
 * <p>It plans around the function's remaining time ({@link TimeBudget}): when too little is left
 * it fails the job without quiescing; otherwise the freeze and quiesce limits are cut so that the
 * hooks are released (by the orchestrator's watchdog if the backend hangs) well before the
 * function would be stopped, and a reserve remains to report the result. So the database is never
 * left locked by a timeout.
 *
 * <p>Handler string: {@code dev.snapfork.examples.codepipeline.CodePipelineForkHandler::handleRequest}.
 * The base configuration comes from the function's environment ({@code SNAPFORK_*}); the
 * UserParameters' {@code config} object overrides it.
 */
public final class CodePipelineForkHandler implements RequestHandler<Map<String, Object>, Void> {
  private static final int MAX_MESSAGE = 4000;

  private final CodePipelineClient codePipeline;
  private final Function<Map<String, String>, SnapforkConfig> configs;
  private final Function<SnapforkConfig, List<ConsistencyHook>> hooks;
  private final Supplier<KubernetesClient> kubernetes;

  /** The Lambda entry point: the CodePipeline client of the function's region, configuration from the environment. */
  public CodePipelineForkHandler() {
    this(CodePipelineClient.builder().httpClient(UrlConnectionHttpClient.create()).build(),
        values -> SnapforkConfig.builder().setAll(values).build(), Hooks::load, () -> new KubernetesClientBuilder().build());
  }

  /**
   * For tests and embedding.
   *
   * @param configs builds the configuration from the UserParameters' {@code config} keys
   * @param hooks creates the hooks for a configuration
   */
  public CodePipelineForkHandler(CodePipelineClient codePipeline, Function<Map<String, String>, SnapforkConfig> configs,
      Function<SnapforkConfig, List<ConsistencyHook>> hooks) {
    this(codePipeline, configs, hooks, () -> new KubernetesClientBuilder().build());
  }

  /**
   * For tests and embedding, with the Kubernetes client used when UserParameters ask for staging tests.
   */
  public CodePipelineForkHandler(CodePipelineClient codePipeline, Function<Map<String, String>, SnapforkConfig> configs,
      Function<SnapforkConfig, List<ConsistencyHook>> hooks, Supplier<KubernetesClient> kubernetes) {
    this.codePipeline = codePipeline;
    this.configs = configs;
    this.hooks = hooks;
    this.kubernetes = kubernetes;
  }

  @Override
  public Void handleRequest(Map<String, Object> event, Context context) {
    String jobId = JobEvent.jobId(event);
    List<String> secrets = List.of();
    try {
      ForkParameters params = ForkParameters.parse(JobEvent.userParameters(event));
      SnapforkConfig config = configs.apply(params.config());
      secrets = config.values().stream().filter(ConfigValue::secret).map(ConfigValue::value).toList();
      Duration remaining = Duration.ofMillis(context.getRemainingTimeInMillis());
      Duration configuredFreeze = config.core().duration("max-freeze", Snapshotter.DEFAULT_MAX_FREEZE);
      Duration configuredQuiesce = config.core().duration("quiesce-timeout", Snapshotter.DEFAULT_QUIESCE_TIMEOUT);
      Duration configuredCut = config.core().duration("cut-timeout", Snapshotter.DEFAULT_CUT_TIMEOUT);
      Optional<TimeBudget> budget = TimeBudget.plan(remaining, params.reserve(), configuredQuiesce, configuredFreeze, configuredCut);
      if (budget.isEmpty()) {
        fail(jobId, FailureType.JOB_FAILED, "not enough time left to fork safely (" + remaining.toMillis() + " ms remaining, "
            + params.reserve().toSeconds() + " s reserved); nothing was quiesced. Raise the function timeout.", secrets);
        return null;
      }
      TimeBudget b = budget.get();
      try (SnapshotProvider provider = Providers.load(config);
           Snapshotter snapshotter = Snapshotter.builder(provider).configure(config.core()).hooks(hooks.apply(config))
               .quiesceTimeout(b.quiesceTimeout()).maxFreeze(b.maxFreeze()).cutTimeout(b.cutTimeout())
               .readyTimeout(b.readyTimeout()).build()) {
        ForkRequest request = ForkRequest.builder(VolumeRef.of(params.source()), params.target())
            .expiresAfter(params.expiresAfter()).requestId("codepipeline-" + jobId)
            .options(SnapshotOptions.DEFAULTS.waitingForReady(b.readyTimeout())).build();
        ForkResult fork = snapshotter.fork(request);
        String summary = "forked " + params.source() + " -> " + fork.volume().ref().id() + " (snapshot "
            + fork.snapshot().snapshot().id() + ", " + fork.snapshot().consistency().name().toLowerCase() + "-consistent, freeze window "
            + fork.snapshot().freezeWindow().toMillis() + " ms)";
        if (params.kubernetes().isPresent()) {
          StagingResult staged = stage(params.kubernetes().get(), fork.volume().name(), context, params.reserve());
          summary += "; staging tests " + (staged.passed() ? "passed" : "failed") + " (exit "
              + staged.exitCode().orElse(-1) + ", run " + staged.runId() + ")";
          if (!staged.passed()) {
            String last = staged.logs().isEmpty() ? "" : ": " + staged.logs().get(staged.logs().size() - 1);
            fail(jobId, FailureType.JOB_FAILED, summary + last, secrets);
            return null;
          }
        }
        String done = summary;
        codePipeline.putJobSuccessResult(r -> r.jobId(jobId).executionDetails(ExecutionDetails.builder()
            .summary(redact(done, List.of())).externalExecutionId(fork.snapshot().snapshot().id()).percentComplete(100).build()));
      }
    } catch (InvalidRequestException e) {
      fail(jobId, FailureType.CONFIGURATION_ERROR, e.getMessage(), secrets);
    } catch (SnapshotException e) {
      fail(jobId, FailureType.JOB_FAILED, e.getClass().getSimpleName() + ": " + e.getMessage(), secrets);
    }
    return null;
  }

  /** Runs the staging tests in what is left of the function's time (the hooks were released at the cut). */
  private StagingResult stage(ForkParameters.Staging k, String claim, Context context, Duration reserve) {
    Duration left = Duration.ofMillis(context.getRemainingTimeInMillis()).minus(reserve);
    if (left.compareTo(Duration.ofSeconds(2)) < 0) {
      throw new SnapshotTimeoutException("no time left for the staging tests after the fork; the fork is kept until its expiry",
          Duration.ZERO);
    }
    StagingSpec spec = new StagingSpec(k.namespace(), Optional.empty(), Optional.of(claim), Optional.empty(), k.size(), k.image(),
        k.cpu(), k.memory(), k.testImage(), k.testCommand(), left.dividedBy(2), left.dividedBy(2));
    try (KubernetesClient client = kubernetes.get()) {
      return new KubernetesStaging(client, line -> { }, Duration.ofSeconds(1)).run(spec);
    }
  }

  private void fail(String jobId, FailureType type, String message, List<String> secrets) {
    try {
      codePipeline.putJobFailureResult(r -> r.jobId(jobId).failureDetails(FailureDetails.builder().type(type)
          .message(redact(message, secrets)).build()));
    } catch (SdkException e) {
      throw new IllegalStateException("could not report the failure of job " + jobId + " to CodePipeline: " + e.getMessage(), e);
    }
  }

  static String redact(String message, List<String> secrets) {
    String m = message == null ? "" : message;
    for (String s : secrets) {
      if (s != null && s.length() >= 3) {
        m = m.replace(s, "****");
      }
    }
    m = m.replaceAll("([A-Za-z][A-Za-z0-9+.-]*://[^:/@\\s]*:)[^@\\s]+@", "$1****@");
    return m.length() > MAX_MESSAGE ? m.substring(0, MAX_MESSAGE) : m;
  }
}
