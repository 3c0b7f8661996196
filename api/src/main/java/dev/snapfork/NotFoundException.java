package dev.snapfork;

/** The snapshot or volume does not exist (or is not visible to these credentials). */
public class NotFoundException extends SnapshotException {
  private static final long serialVersionUID = 1L;
  private final String kind;
  private final String id;

  /**
   * @param kind what was looked up: {@code "snapshot"} or {@code "volume"}
   * @param id the id that was not found
   */
  public NotFoundException(String kind, String id) {
    this(kind, id, null, null);
  }

  public NotFoundException(String kind, String id, String backendMessage, Throwable cause) {
    super(kind + " not found: " + id + (backendMessage == null ? "" : " (" + backendMessage + ")"), cause, false);
    this.kind = kind;
    this.id = id;
  }

  /** {@code "snapshot"} or {@code "volume"}. */
  public String kind() {
    return kind;
  }

  /** The id that was not found. */
  public String id() {
    return id;
  }
}
