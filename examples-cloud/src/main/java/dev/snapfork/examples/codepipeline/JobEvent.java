package dev.snapfork.examples.codepipeline;

import dev.snapfork.InvalidRequestException;
import java.util.Map;

/** Reads the fields the handler needs from a CodePipeline job event ({@code {"CodePipeline.job": {...}}}). */
final class JobEvent {
  private JobEvent() {}

  /**
   * The job id.
   *
   * @throws IllegalArgumentException when the event is not a CodePipeline job event (nothing can be reported then)
   */
  static String jobId(Map<String, Object> event) {
    Object id = job(event).get("id");
    if (!(id instanceof String s) || s.isBlank()) {
      throw new IllegalArgumentException("not a CodePipeline job event: CodePipeline.job.id is missing");
    }
    return s;
  }

  /** The action's UserParameters string, or null when there is none. */
  static String userParameters(Map<String, Object> event) {
    Object data = job(event).get("data");
    Object action = data instanceof Map<?, ?> d ? d.get("actionConfiguration") : null;
    Object configuration = action instanceof Map<?, ?> a ? a.get("configuration") : null;
    Object user = configuration instanceof Map<?, ?> c ? c.get("UserParameters") : null;
    if (user != null && !(user instanceof String)) {
      throw new InvalidRequestException("UserParameters", "must be a string holding a JSON object");
    }
    return (String) user;
  }

  private static Map<?, ?> job(Map<String, Object> event) {
    Object job = event == null ? null : event.get("CodePipeline.job");
    if (!(job instanceof Map<?, ?> m)) {
      throw new IllegalArgumentException("not a CodePipeline job event: CodePipeline.job is missing");
    }
    return m;
  }
}
