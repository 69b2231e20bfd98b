package dev.strangler.rules;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Test resources and the parser the tests share. */
final class Fixtures {

  static final RulesParser PARSER =
      RulesParser.of(SegmentPathMatcherFactory.INSTANCE, new TestFilterFactory());

  private Fixtures() {}

  static String resource(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("no test resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static RulesFile rules(String yaml) {
    return PARSER.parse(yaml);
  }
}
