package dev.snapfork.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snapfork.InvalidRequestException;
import dev.snapfork.config.Secret;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input is rejected with an {@link InvalidRequestException} naming the field and the rule
 * before any connection: every address used here is a closed port, so reaching the network would
 * show as a different error (and these run without any server).
 */
class BadInputTest {
  private static final String OK = "mongodb://127.0.0.1:1/";

  static Stream<Arguments> malformedConnectionStrings() {
    return Stream.of(
        Arguments.of("", "must not be blank"),
        Arguments.of("http://127.0.0.1:27017", "must start with mongodb://"),
        Arguments.of("mongodb://", "is not a valid MongoDB connection string"),
        Arguments.of("mongodb://user:pa55word@127.0.0.1:notaport/", "is not a valid MongoDB connection string"),
        Arguments.of("mongodb://127.0.0.1:27017/?connectTimeoutMS=abc", "is not a valid MongoDB connection string"));
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @MethodSource("malformedConnectionStrings")
  void malformedConnectionStringsAreRejectedWithoutShowingThem(String cs, String rule) {
    assertThatThrownBy(() -> MongoHookSettings.builder(Secret.of(cs)).build())
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
          assertThat(e.field()).isEqualTo("connection-string");
          assertThat(e.rule()).contains(rule);
        })
        .hasNoCause()
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("pa55word"));
  }

  @Test
  void missingConnectionStringIsRejected() {
    assertThatThrownBy(() -> MongoHookSettings.builder(null)).isInstanceOfSatisfying(InvalidRequestException.class,
        e -> assertThat(e.field()).isEqualTo("connection-string"));
  }

  static Stream<Arguments> badMembers() {
    return Stream.of(
        Arguments.of("mongodb://a:27017,b:27017/", null, "names 2 hosts"),
        Arguments.of("mongodb://a:27017,b:27017/", "c:27017", "unknown member 'c:27017'"),
        Arguments.of("mongodb://a:27017/", "a:27018", "unknown member 'a:27018'"),
        Arguments.of("mongodb://a/", "a:27017", null),
        Arguments.of("mongodb+srv://cluster.example.com/", null, "an SRV record"));
  }

  @ParameterizedTest(name = "{0} member={1}")
  @MethodSource("badMembers")
  void memberMustBeKnownAndUnambiguous(String cs, String member, String rule) {
    MongoHookSettings.Builder b = MongoHookSettings.builder(Secret.of(cs));
    if (member != null) {
      b.member(member);
    }
    if (rule == null) {
      assertThat(b.build().member()).contains(member);
      return;
    }
    assertThatThrownBy(b::build).isInstanceOfSatisfying(InvalidRequestException.class, e -> {
      assertThat(e.field()).isEqualTo("member");
      assertThat(e.rule()).contains(rule);
    });
  }

  @ParameterizedTest(name = "[{index}] ''{0}''")
  @org.junit.jupiter.params.provider.ValueSource(strings = {"", "host", "host:", ":27017", "host:0", "host:70000", "host:x", "a:1,b:2", "u@h:1"})
  void memberMustBeHostAndPort(String member) {
    assertThatThrownBy(() -> MongoHookSettings.builder(Secret.of(OK)).member(member))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
          assertThat(e.field()).isEqualTo("member");
          assertThat(e.rule()).contains("host:port");
        });
  }

  @Test
  void memberAndPreferenceTogetherAreAmbiguous() {
    assertThatThrownBy(() -> MongoHookSettings.builder(Secret.of(OK)).member("127.0.0.1:1").memberPreference(MemberPreference.HIDDEN).build())
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.rule()).contains("not both"));
  }

  static Stream<Arguments> badDurations() {
    Duration negative = Duration.ofSeconds(-1);
    return Stream.of(
        Arguments.of("acquisition-timeout", (Runnable) () -> MongoHookSettings.builder(Secret.of(OK)).acquisitionTimeout(negative)),
        Arguments.of("connect-timeout", (Runnable) () -> MongoHookSettings.builder(Secret.of(OK)).connectTimeout(Duration.ZERO)),
        Arguments.of("release-timeout", (Runnable) () -> MongoHookSettings.builder(Secret.of(OK)).releaseTimeout(negative)),
        Arguments.of("retry-delay", (Runnable) () -> MongoHookSettings.builder(Secret.of(OK)).retryDelay(null)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badDurations")
  void timeoutsMustBePositive(String field, Runnable call) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(InvalidRequestException.class, e -> {
      assertThat(e.field()).isEqualTo(field);
      assertThat(e.rule()).contains("positive");
    });
  }

  @Test
  void settingsAndHookNeverShowTheConnectionString() {
    MongoHookSettings s = MongoHookSettings.builder(Secret.of("mongodb://snap:pa55word@db.example:27017/")).build();
    MongoConsistencyHook hook = MongoConsistencyHook.create(s);
    assertThat(s.toString()).doesNotContain("pa55word").doesNotContain("snap:").contains("****");
    assertThat(hook.toString()).doesNotContain("pa55word");
  }

  @Test
  void nullContextIsRejectedBeforeConnecting() {
    MongoConsistencyHook hook = MongoConsistencyHook.create(MongoHookSettings.builder(Secret.of(OK)).build());
    assertThatThrownBy(() -> hook.quiesce(null)).isInstanceOfSatisfying(InvalidRequestException.class,
        e -> assertThat(e.field()).isEqualTo("context"));
  }
}
