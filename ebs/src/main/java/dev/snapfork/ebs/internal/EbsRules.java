package dev.snapfork.ebs.internal;

import dev.snapfork.spi.Checks;
import dev.snapfork.InvalidRequestException;
import dev.snapfork.Labels;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * EBS's own input rules, checked before any remote call: id formats, tag limits (50 per resource,
 * keys up to 128 characters, values up to 256, no reserved {@code aws:} prefix).
 */
public final class EbsRules {
  /** Tags AWS allows on one resource. */
  public static final int MAX_TAGS = 50;
  /** The tag holding the object's name (the AWS console's convention). */
  public static final String NAME_TAG = "Name";

  private static final Pattern SNAPSHOT_ID = Pattern.compile("snap-[0-9a-f]{8}([0-9a-f]{9})?");
  private static final Pattern VOLUME_ID = Pattern.compile("vol-[0-9a-f]{8}([0-9a-f]{9})?");
  private static final Pattern INSTANCE_ID = Pattern.compile("i-[0-9a-f]{8}([0-9a-f]{9})?");
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");

  private EbsRules() {}

  /** A snapshot id: {@code snap-} and 8 or 17 lower-case hex digits. */
  public static String snapshotId(String field, String id) {
    return matching(field, id, SNAPSHOT_ID, "an EBS snapshot id (snap- followed by 8 or 17 hex digits)");
  }

  /** A volume id: {@code vol-} and 8 or 17 lower-case hex digits. */
  public static String volumeId(String field, String id) {
    return matching(field, id, VOLUME_ID, "an EBS volume id (vol- followed by 8 or 17 hex digits)");
  }

  /** An instance id: {@code i-} and 8 or 17 lower-case hex digits. */
  public static String instanceId(String field, String id) {
    return matching(field, id, INSTANCE_ID, "an EC2 instance id (i- followed by 8 or 17 hex digits)");
  }

  /** A region name such as {@code eu-west-1}. */
  public static String region(String field, String region) {
    return matching(field, region, REGION, "an AWS region name such as eu-west-1");
  }

  /** Whether {@code id} looks like a snapshot id (no exception). */
  public static boolean isSnapshotId(String id) {
    return id != null && SNAPSHOT_ID.matcher(id).matches();
  }

  /**
   * Checks the full tag set that will be written: at most {@value #MAX_TAGS} tags, AWS key and
   * value lengths, no {@code aws:} prefix, and no user label named {@value #NAME_TAG} (the name
   * goes there).
   *
   * @param field the request field named in errors, e.g. {@code labels}
   * @param userLabels the caller's labels (checked for reserved keys)
   * @param total the number of tags that will be written, ours included
   */
  public static void tags(String field, Map<String, String> userLabels, int total) {
    if (total > MAX_TAGS) {
      throw new InvalidRequestException(field, "EBS allows at most " + MAX_TAGS + " tags per resource; "
          + userLabels.size() + " labels plus " + (total - userLabels.size()) + " Snapfork tags make " + total);
    }
    for (Map.Entry<String, String> e : userLabels.entrySet()) {
      String key = e.getKey();
      if (key.regionMatches(true, 0, "aws:", 0, 4)) {
        throw new InvalidRequestException(field + "[" + key + "]", "tag keys starting with 'aws:' are reserved by AWS");
      }
      if (NAME_TAG.equals(key)) {
        throw new InvalidRequestException(field + "[" + key + "]",
            "the '" + NAME_TAG + "' tag carries the snapshot or volume name; set the name instead");
      }
      if (key.length() > Labels.MAX_KEY_LENGTH) {
        throw new InvalidRequestException(field + "[" + key + "]", "tag keys must be at most 128 characters");
      }
      if (e.getValue() != null && e.getValue().length() > 256) {
        throw new InvalidRequestException(field + "[" + key + "]", "tag values must be at most 256 characters");
      }
    }
  }

  private static String matching(String field, String value, Pattern p, String what) {
    Checks.notBlank(field, value);
    if (!p.matcher(value).matches()) {
      throw new InvalidRequestException(field, "must be " + what + ", got '" + value + "'");
    }
    return value;
  }
}
