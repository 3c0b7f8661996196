package dev.snapfork.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snapfork.ConfigurationException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class YamlSubsetParserTest {
  private static Map<String, String> parse(String text) {
    return YamlSubsetParser.parse(text, "t.yaml");
  }

  @Test
  void flattensNestedMappingsInOrder() {
    assertThat(parse("""
        ---
        a:
          b:
            c: 1
          d: two words
        e: 3
        """)).containsExactly(Map.entry("a.b.c", "1"), Map.entry("a.d", "two words"), Map.entry("e", "3"));
  }

  @Test
  void dropsCommentsButNotHashesInsideValuesOrQuotes() {
    assertThat(parse("""
        # full line
        a: x # trailing
        b: 'x # not a comment'
        c: "y # nor this"
        d: url#frag
          # indented comment
        """)).containsExactly(Map.entry("a", "x"), Map.entry("b", "x # not a comment"),
            Map.entry("c", "y # nor this"), Map.entry("d", "url#frag"));
  }

  @Test
  void quotedStrings() {
    assertThat(parse("""
        a: 'it''s: fine'
        b: "tab\\there \\"q\\" \\\\"
        "c.d": ' padded '
        e: "true"
        """)).containsExactly(Map.entry("a", "it's: fine"), Map.entry("b", "tab\there \"q\" \\"),
            Map.entry("c.d", " padded "), Map.entry("e", "true"));
  }

  @Test
  void valuesWithColonsAndEmptyValues() {
    assertThat(parse("endpoint: px.example:9020\nurl: http://h:1/p\nempty:\nnothing: ~\n"))
        .containsExactly(Map.entry("endpoint", "px.example:9020"), Map.entry("url", "http://h:1/p"),
            Map.entry("empty", ""), Map.entry("nothing", ""));
  }

  @Test
  void listsOfScalarsBecomeCommaSeparated() {
    assertThat(parse("""
        s:
          hooks:
            - mongo
            - 'mysql'
          flow: [a, "b", c]
          none: []
        t:
        - x
        - y
        """)).containsExactly(Map.entry("s.hooks", "mongo,mysql"), Map.entry("s.flow", "a,b,c"),
            Map.entry("s.none", ""), Map.entry("t", "x,y"));
  }

  @Test
  void crlfLineEndings() {
    assertThat(parse("a:\r\n  b: 1\r\n")).containsExactly(Map.entry("a.b", "1"));
  }

  @ParameterizedTest
  @CsvSource(delimiterString = " ~ ", quoteCharacter = '`', value = {
      "a:\\n\\tb: 1 ~ 2 ~ tabs",
      "a:\\n  b: 1\\n   c: 2 ~ 3 ~ unexpected indentation",
      "a: 1\\n  b: 2 ~ 2 ~ unexpected indentation",
      "a: 1\\na: 2 ~ 2 ~ duplicate key a",
      "a:\\n  b: 1\\na:\\n  c: 2 ~ 3 ~ duplicate key a",
      "a: &x 1 ~ 1 ~ not supported",
      "a: |\\n  text ~ 1 ~ not supported",
      "a: {b: 1} ~ 1 ~ not supported",
      "a: 'open ~ 1 ~ unterminated",
      "a: 'x' y ~ 1 ~ after the closing quote",
      "just text ~ 1 ~ expected 'key: value'",
      "- item ~ 1 ~ must be the value of a key",
      "a:\\n  - b: 1 ~ 2 ~ only lists of scalars",
      "a:\\n  - x\\n  k: v ~ 3 ~ cannot follow list items",
      "a: [x, [y]] ~ 1 ~ flat lists",
  })
  void rejectsWhatIsOutsideTheSubsetWithTheLine(String text, int line, String message) {
    assertThatThrownBy(() -> parse(text.replace("\\n", "\n").replace("\\t", "\t")))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.field()).isEqualTo("snapfork.config-file"))
        .hasMessageContaining("t.yaml line " + line + ": ")
        .hasMessageContaining(message);
  }
}
