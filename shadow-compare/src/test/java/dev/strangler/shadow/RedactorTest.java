package dev.strangler.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RedactorTest {

  private static final Redactor CUSTOMER_EMAIL = Redactor.of(List.of("$.customer.email"));

  @Test
  void containerWithNothingToRedact_isKeptAsWritten() {
    String value = "{\"name\": \"Ann\",  \"tags\": [1, 2]}";

    assertThat(CUSTOMER_EMAIL.redact("$.customer", value)).isSameAs(value);
  }

  @Test
  void containerWithAFieldToRedact_isRewrittenCompactly() {
    assertThat(CUSTOMER_EMAIL.redact("$.customer", "{\"name\": \"Ann\", \"email\": \"a@b\"}"))
        .isEqualTo("{\"name\":\"Ann\",\"email\":\"***redacted***\"}");
  }

  @Test
  void blankOrScalarText_aboveARedactedPath_isKept() {
    assertThat(CUSTOMER_EMAIL.redact("$", "   ")).isEqualTo("   ");
    assertThat(CUSTOMER_EMAIL.redact("$", "")).isEqualTo("");
    assertThat(CUSTOMER_EMAIL.redact("$.customer", " \"text\"")).isEqualTo(" \"text\"");
  }

  @Test
  void pathThatIsNoJsonPath_isRedactedWhole() {
    assertThat(CUSTOMER_EMAIL.redact("$.customer['unclosed", "{\"email\":\"a@b\"}"))
        .isEqualTo(Redactor.REDACTED);
  }

  @Test
  void pathOutsideTheBody_isKept() {
    assertThat(CUSTOMER_EMAIL.redact("header:x-email", "a@b")).isEqualTo("a@b");
    assertThat(CUSTOMER_EMAIL.redact("status", "500")).isEqualTo("500");
  }

  @Test
  void noExpressions_keepEverything() {
    assertThat(Redactor.of(List.of()).redact("$.customer.email", "\"a@b\"")).isEqualTo("\"a@b\"");
  }

  @Test
  void arrayElementsBelowAWildcard_areRedactedInside() {
    Redactor redactor = Redactor.of(List.of("$.items[*].secret"));

    assertThat(redactor.redact("$.items", "[{\"secret\":1,\"id\":2},[3],4]"))
        .isEqualTo("[{\"secret\":\"***redacted***\",\"id\":2},[3],4]");
  }
}
