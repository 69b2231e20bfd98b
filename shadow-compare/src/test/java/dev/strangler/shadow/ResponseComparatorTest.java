package dev.strangler.shadow;

import static dev.strangler.shadow.Responses.json;
import static dev.strangler.shadow.Responses.text;
import static dev.strangler.shadow.Responses.withHeaders;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ResponseComparatorTest {

  private static final ResponseComparator DEFAULTS =
      ResponseComparator.of(CompareOptions.defaults());

  private static List<Difference> compare(String legacy, String modern) {
    return DEFAULTS.compare(json(legacy), json(modern));
  }

  private static List<Difference> compare(CompareOptions options, String legacy, String modern) {
    return ResponseComparator.of(options).compare(json(legacy), json(modern));
  }

  private static CompareOptions ignoring(String... fields) {
    return new CompareOptions(Set.of(), List.of(fields), false, 0);
  }

  private static CompareOptions unordered() {
    return new CompareOptions(Set.of(), List.of(), true, 0);
  }

  private static Difference diff(
      String path, DiffKind kind, Severity severity, String legacy, String modern) {
    return new Difference(path, kind, severity, legacy, modern);
  }

  @Nested
  class Status {

    @Test
    void compare_sameStatus_noDifference() {
      assertThat(DEFAULTS.compare(json(404, "{}"), json(404, "{}"))).isEmpty();
    }

    @Test
    void compare_statusSameClass_isChanged() {
      assertThat(DEFAULTS.compare(json(200, "{}"), json(201, "{}")))
          .containsExactly(diff("status", DiffKind.STATUS, Severity.CHANGED, "200", "201"));
    }

    @Test
    void compare_statusClassChange_isBreaking() {
      assertThat(DEFAULTS.compare(json(200, "{}"), json(500, "{}")))
          .containsExactly(diff("status", DiffKind.STATUS, Severity.BREAKING, "200", "500"));
    }

    @Test
    void compare_clientErrorToOtherClientError_isChanged() {
      assertThat(DEFAULTS.compare(json(404, "{}"), json(410, "{}")))
          .extracting(Difference::severity)
          .containsExactly(Severity.CHANGED);
    }

    @Test
    void compare_differences_listedStatusThenHeadersThenBody() {
      ResponseSnapshot legacy =
          ResponseSnapshot.of(
              200,
              Map.of("Content-Type", List.of("application/json"), "X-A", List.of("1")),
              "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
      ResponseSnapshot modern =
          ResponseSnapshot.of(
              201,
              Map.of("Content-Type", List.of("application/json"), "X-A", List.of("2")),
              "{\"a\":2}".getBytes(StandardCharsets.UTF_8));

      assertThat(DEFAULTS.compare(legacy, modern))
          .extracting(Difference::path)
          .containsExactly("status", "header:x-a", "$.a");
    }
  }

  @Nested
  class Headers {

    @Test
    void compare_headerMissingInModern_isBreaking() {
      assertThat(DEFAULTS.compare(withHeaders(200, "Cache-Control", "no-store"), withHeaders(200)))
          .containsExactly(
              diff("header:cache-control", DiffKind.HEADER, Severity.BREAKING, "no-store", null));
    }

    @Test
    void compare_headerExtraInModern_isAdditive() {
      assertThat(DEFAULTS.compare(withHeaders(200), withHeaders(200, "X-New", "yes")))
          .containsExactly(diff("header:x-new", DiffKind.HEADER, Severity.ADDITIVE, null, "yes"));
    }

    @Test
    void compare_headerDifferentValue_isChanged() {
      assertThat(
              DEFAULTS.compare(
                  withHeaders(200, "Cache-Control", "no-store"),
                  withHeaders(200, "cache-control", "max-age=60")))
          .containsExactly(
              diff(
                  "header:cache-control",
                  DiffKind.HEADER,
                  Severity.CHANGED,
                  "no-store",
                  "max-age=60"));
    }

    @Test
    void compare_headerNamesInDifferentCase_areTheSameHeader() {
      assertThat(
              DEFAULTS.compare(
                  withHeaders(200, "Content-Language", "en"),
                  withHeaders(200, "CONTENT-LANGUAGE", " en ")))
          .isEmpty();
    }

    @Test
    void compare_ignoredHeader_caseInsensitive() {
      ResponseComparator comparator =
          ResponseComparator.of(new CompareOptions(Set.of("ETag", "date"), List.of(), false, 0));

      assertThat(
              comparator.compare(
                  withHeaders(200, "etag", "\"a\"", "Date", "Mon", "Vary", "Accept"),
                  withHeaders(200, "ETAG", "\"b\"", "DATE", "Tue", "Vary", "Accept")))
          .isEmpty();
    }

    @Test
    void compare_dateHeader_notIgnoredUnlessListed() {
      assertThat(DEFAULTS.compare(withHeaders(200, "Date", "Mon"), withHeaders(200, "Date", "Tue")))
          .extracting(Difference::path)
          .containsExactly("header:date");
    }

    @Test
    void compare_multipleValues_comparedInOrder() {
      ResponseSnapshot legacy =
          ResponseSnapshot.of(200, Map.of("Vary", List.of("Accept", "Origin")), new byte[0]);
      ResponseSnapshot modern =
          ResponseSnapshot.of(200, Map.of("Vary", List.of("Origin", "Accept")), new byte[0]);

      assertThat(DEFAULTS.compare(legacy, modern))
          .containsExactly(
              diff(
                  "header:vary",
                  DiffKind.HEADER,
                  Severity.CHANGED,
                  "Accept, Origin",
                  "Origin, Accept"));
    }

    @Test
    void compare_sensitiveHeaders_neverCompared() {
      ResponseSnapshot legacy =
          withHeaders(200, "Set-Cookie", "s=1", "Authorization", "Bearer a", "Cookie", "c=1");
      ResponseSnapshot modern =
          withHeaders(200, "set-cookie", "s=2", "Proxy-Authorization", "Basic b");

      assertThat(DEFAULTS.compare(legacy, modern)).isEmpty();
    }
  }

  @Nested
  class JsonBody {

    @Test
    void compare_equalDocuments_noDifference() {
      assertThat(compare("{\"a\":1,\"b\":[1,2]}", "{\"b\":[1,2],\"a\":1}")).isEmpty();
    }

    @Test
    void compare_fieldOnlyInLegacy_isMissingBreaking() {
      assertThat(compare("{\"a\":1,\"b\":{\"c\":[1,2]}}", "{\"a\":1}"))
          .containsExactly(diff("$.b", DiffKind.MISSING, Severity.BREAKING, "{\"c\":[1,2]}", null));
    }

    @Test
    void compare_fieldOnlyInModern_isExtraAdditive() {
      assertThat(compare("{\"a\":1}", "{\"a\":1,\"b\":\"x\"}"))
          .containsExactly(diff("$.b", DiffKind.EXTRA, Severity.ADDITIVE, null, "\"x\""));
    }

    @Test
    void compare_typeChange_isBreaking() {
      assertThat(compare("{\"a\":{\"id\":42}}", "{\"a\":{\"id\":\"42\"}}"))
          .containsExactly(diff("$.a.id", DiffKind.TYPE, Severity.BREAKING, "42", "\"42\""));
    }

    @Test
    void compare_objectBecameArray_isTypeBreaking() {
      assertThat(compare("{\"a\":{}}", "{\"a\":[]}"))
          .containsExactly(diff("$.a", DiffKind.TYPE, Severity.BREAKING, "{}", "[]"));
    }

    @Test
    void compare_valueToNull_isBreaking() {
      assertThat(compare("{\"a\":\"x\"}", "{\"a\":null}"))
          .containsExactly(diff("$.a", DiffKind.VALUE, Severity.BREAKING, "\"x\"", "null"));
    }

    @Test
    void compare_nullToValue_isChanged() {
      assertThat(compare("{\"a\":null}", "{\"a\":3}"))
          .containsExactly(diff("$.a", DiffKind.VALUE, Severity.CHANGED, "null", "3"));
    }

    @Test
    void compare_bothNull_noDifference() {
      assertThat(compare("{\"a\":null}", "{\"a\":null}")).isEmpty();
    }

    @Test
    void compare_valueChange_isChanged() {
      assertThat(compare("{\"a\":\"x\",\"b\":true,\"c\":2}", "{\"a\":\"y\",\"b\":false,\"c\":3}"))
          .containsExactly(
              diff("$.a", DiffKind.VALUE, Severity.CHANGED, "\"x\"", "\"y\""),
              diff("$.b", DiffKind.VALUE, Severity.CHANGED, "true", "false"),
              diff("$.c", DiffKind.VALUE, Severity.CHANGED, "2", "3"));
    }

    @Test
    void compare_integerAndSameDecimal_areEqual() {
      assertThat(compare("{\"a\":1,\"b\":100}", "{\"a\":1.0,\"b\":1e2}")).isEmpty();
    }

    @Test
    void compare_integerAndOtherDecimal_differ() {
      assertThat(compare("{\"a\":1}", "{\"a\":1.5}"))
          .containsExactly(diff("$.a", DiffKind.VALUE, Severity.CHANGED, "1", "1.5"));
    }

    @Test
    void compare_hugeIntegers_comparedExactly() {
      assertThat(
              compare(
                  "{\"a\":123456789012345678901234567890}",
                  "{\"a\":123456789012345678901234567890}"))
          .isEmpty();
      assertThat(
              compare(
                  "{\"a\":123456789012345678901234567890}",
                  "{\"a\":123456789012345678901234567891}"))
          .hasSize(1);
    }

    @Test
    void compare_numbersWithinTolerance_areEqual() {
      CompareOptions tolerant = new CompareOptions(Set.of(), List.of(), false, 0.01);

      assertThat(
              compare(
                  tolerant, "{\"a\":10.00,\"b\":5,\"c\":7}", "{\"a\":10.009,\"b\":5.01,\"c\":7}"))
          .isEmpty();
    }

    @Test
    void compare_numbersBeyondTolerance_differ() {
      CompareOptions tolerant = new CompareOptions(Set.of(), List.of(), false, 0.01);

      assertThat(compare(tolerant, "{\"a\":10.00,\"b\":5}", "{\"a\":10.02,\"b\":6}"))
          .extracting(Difference::path)
          .containsExactly("$.a", "$.b");
    }

    @Test
    void compare_zeroTolerance_smallestDifferenceCounts() {
      assertThat(compare("{\"a\":0.1}", "{\"a\":0.10000000001}")).hasSize(1);
    }

    @Test
    void compare_severalMembersOnlyInModern_eachAtItsOwnPath() {
      assertThat(compare("{\"a\":1}", "{\"a\":1,\"b\":2,\"c\":3}"))
          .extracting(Difference::path)
          .containsExactly("$.b", "$.c");
    }

    @Test
    void compare_nestedArrays_comparedByIndex() {
      assertThat(compare("{\"a\":[[1,2],[3]]}", "{\"a\":[[1,5],[3,4]]}"))
          .containsExactly(
              diff("$.a[0][1]", DiffKind.VALUE, Severity.CHANGED, "2", "5"),
              diff("$.a[1][1]", DiffKind.EXTRA, Severity.ADDITIVE, null, "4"));
    }

    @Test
    void compare_arrayOfRecords_pathsNameIndexAndField() {
      assertThat(
              compare(
                  "{\"items\":[{\"id\":1,\"price\":9.99},{\"id\":2,\"price\":5}]}",
                  "{\"items\":[{\"id\":1,\"price\":9.99},{\"id\":2,\"price\":6}]}"))
          .containsExactly(diff("$.items[1].price", DiffKind.VALUE, Severity.CHANGED, "5", "6"));
    }

    @Test
    void compare_shorterArray_isMissingAtIndex() {
      assertThat(compare("[1,2,3]", "[1]"))
          .containsExactly(
              diff("$[1]", DiffKind.MISSING, Severity.BREAKING, "2", null),
              diff("$[2]", DiffKind.MISSING, Severity.BREAKING, "3", null));
    }

    @Test
    void compare_reorderedArray_byIndexByDefault() {
      assertThat(compare("[1,2]", "[2,1]"))
          .extracting(Difference::path)
          .containsExactly("$[0]", "$[1]");
    }

    @Test
    void compare_oddFieldNames_bracketNotation() {
      assertThat(compare("{\"a b\":1,\"it's\":1,\"x.y\":1}", "{\"a b\":2,\"it's\":2,\"x.y\":2}"))
          .extracting(Difference::path)
          .containsExactly("$['a b']", "$['it\\'s']", "$['x.y']");
    }

    @Test
    void compare_rootScalars_compared() {
      assertThat(compare("\"a\"", "\"b\""))
          .containsExactly(diff("$", DiffKind.VALUE, Severity.CHANGED, "\"a\"", "\"b\""));
    }

    @Test
    void compare_plusJsonContentType_comparedStructurally() {
      ResponseSnapshot legacy =
          text("application/problem+json; charset=utf-8", "{\"a\":1, \"b\":2}");
      ResponseSnapshot modern = text("application/problem+json", "{\"b\":2,\"a\":1}");

      assertThat(DEFAULTS.compare(legacy, modern))
          .extracting(Difference::path)
          .containsExactly("header:content-type");
    }
  }

  /** Numbers at and past the tolerance, in each of Jackson's representations. */
  @Nested
  class NumbersAndTolerance {

    private CompareOptions tolerance(double tolerance) {
      return new CompareOptions(Set.of(), List.of(), false, tolerance);
    }

    @Test
    void compare_integersExactlyTheToleranceApart_areEqual() {
      assertThat(compare(tolerance(1), "[1, 9999999999]", "[2, 10000000000]")).isEmpty();
    }

    @Test
    void compare_integersPastTheTolerance_differ() {
      assertThat(compare(tolerance(1), "[1, -1, 9999999999]", "[3, 1, 10000000001]"))
          .extracting(Difference::path)
          .containsExactly("$[0]", "$[1]", "$[2]");
    }

    @Test
    void compare_integersWithoutTolerance_mustBeEqual() {
      assertThat(compare("[1, 2147483648]", "[2, 2147483649]"))
          .extracting(Difference::path)
          .containsExactly("$[0]", "$[1]");
      assertThat(compare("[2147483647, 2147483648]", "[2147483647, 2147483648]")).isEmpty();
    }

    @Test
    void compare_decimalsExactlyTheToleranceApart_areEqual() {
      assertThat(compare(tolerance(0.5), "[1.0, 1, -0.25]", "[1.5, 1.5, 0.25]")).isEmpty();
    }

    @Test
    void compare_decimalsPastTheTolerance_differ() {
      assertThat(compare(tolerance(0.5), "[1.0, 1, -0.25]", "[1.5000001, 0.4, 0.5]"))
          .extracting(Difference::path)
          .containsExactly("$[0]", "$[1]", "$[2]");
    }

    @Test
    void compare_hugeIntegersExactlyTheToleranceApart_areEqual() {
      assertThat(
              compare(
                  tolerance(1),
                  "[123456789012345678901234567890, 123456789012345678901234567890]",
                  "[123456789012345678901234567891, 123456789012345678901234567889.5]"))
          .extracting(Difference::path)
          .containsExactly("$[1]");
    }

    @Test
    void compare_hugeIntegerAgainstSmallNumbers_differ() {
      assertThat(compare(tolerance(1), "[123456789012345678901234567890, 5]", "[5, 1e30]"))
          .extracting(Difference::path)
          .containsExactly("$[0]", "$[1]");
    }

    @Test
    void compare_doubleAgainstTheHugeIntegerItRoundsTo_differs() {
      assertThat(compare("[1.2345678901234568E29]", "[123456789012345678901234567890]"))
          .extracting(Difference::path)
          .containsExactly("$[0]");
    }

    @Test
    void compare_hugeIntegerAgainstAnOverflowingDouble_differs() {
      assertThat(compare(tolerance(1e308), "[123456789012345678901234567890]", "[1e400]"))
          .extracting(Difference::path)
          .containsExactly("$[0]");
    }

    @Test
    void compare_overflowingDoubles_areEqualToEachOther() {
      assertThat(compare(tolerance(0.5), "[1e400, -1e400]", "[1e999, -1e999]")).isEmpty();
    }
  }

  @Nested
  class ArrayOrderIgnored {

    @Test
    void compare_reorderedElements_areEqual() {
      assertThat(
              compare(
                  unordered(),
                  "{\"tags\":[\"a\",\"b\",\"c\"],\"items\":[{\"id\":1,\"t\":[1,2]},{\"id\":2}]}",
                  "{\"tags\":[\"c\",\"a\",\"b\"],\"items\":[{\"id\":2},{\"t\":[2,1],\"id\":1}]}"))
          .isEmpty();
    }

    @Test
    void compare_unmatchedElements_missingAndExtraAtWildcard() {
      assertThat(
              compare(
                  unordered(),
                  "{\"items\":[{\"id\":1},{\"id\":2},{\"id\":3}]}",
                  "{\"items\":[{\"id\":3},{\"id\":4},{\"id\":1}]}"))
          .containsExactly(
              diff("$.items[*]", DiffKind.MISSING, Severity.BREAKING, "{\"id\":2}", null),
              diff("$.items[*]", DiffKind.EXTRA, Severity.ADDITIVE, null, "{\"id\":4}"));
    }

    @Test
    void compare_duplicates_countedAsMultiset() {
      assertThat(compare(unordered(), "[1,1,2]", "[2,1,2]"))
          .containsExactly(
              diff("$[*]", DiffKind.MISSING, Severity.BREAKING, "1", null),
              diff("$[*]", DiffKind.EXTRA, Severity.ADDITIVE, null, "2"));
    }

    @Test
    void compare_elementsWithinTolerance_arePaired() {
      CompareOptions options = new CompareOptions(Set.of(), List.of(), true, 0.5);

      assertThat(compare(options, "[{\"p\":1.0},{\"p\":5}]", "[{\"p\":5.2},{\"p\":1.4}]"))
          .isEmpty();
    }

    @Test
    void compare_elementsDifferingOnlyInIgnoredField_arePaired() {
      CompareOptions options = new CompareOptions(Set.of(), List.of("$.items[*].etag"), true, 0);

      assertThat(
              compare(
                  options,
                  "{\"items\":[{\"id\":1,\"etag\":\"a\"},{\"id\":2,\"etag\":\"b\"}]}",
                  "{\"items\":[{\"id\":2,\"etag\":\"x\"},{\"id\":1}]}"))
          .isEmpty();
    }

    @Test
    void compare_elementLackingAMember_isNotPaired() {
      assertThat(compare(unordered(), "[{\"a\":1,\"b\":2},{\"c\":3}]", "[{\"c\":3},{\"a\":1}]"))
          .containsExactly(
              diff("$[*]", DiffKind.MISSING, Severity.BREAKING, "{\"a\":1,\"b\":2}", null),
              diff("$[*]", DiffKind.EXTRA, Severity.ADDITIVE, null, "{\"a\":1}"));
    }

    @Test
    void compare_elementWithAnExtraMember_isNotPaired() {
      assertThat(compare(unordered(), "[{\"a\":1},{\"c\":3}]", "[{\"a\":1,\"b\":2},{\"c\":3}]"))
          .containsExactly(
              diff("$[*]", DiffKind.MISSING, Severity.BREAKING, "{\"a\":1}", null),
              diff("$[*]", DiffKind.EXTRA, Severity.ADDITIVE, null, "{\"a\":1,\"b\":2}"));
    }

    @Test
    void compare_elementWithAnExtraIgnoredMember_isPaired() {
      CompareOptions options = new CompareOptions(Set.of(), List.of("$[*].b"), true, 0);

      assertThat(compare(options, "[{\"a\":1},{\"c\":3}]", "[{\"c\":3},{\"a\":1,\"b\":2}]"))
          .isEmpty();
    }

    @Test
    void compare_elementsWithNestedMultisets_arePairedWhateverTheirOrder() {
      assertThat(
              compare(
                  unordered(),
                  "[{\"t\":[1,2]},{\"t\":[3]},[[4,5],6]]",
                  "[[6,[5,4]],{\"t\":[3]},{\"t\":[2,1]}]"))
          .isEmpty();
    }

    @Test
    void compare_elementsWithNestedMultisetsOfOtherSizes_areNotPaired() {
      assertThat(compare(unordered(), "[{\"t\":[1,2]},{\"u\":0}]", "[{\"u\":0},{\"t\":[1,2,2]}]"))
          .extracting(Difference::kind)
          .containsExactly(DiffKind.MISSING, DiffKind.EXTRA);
    }

    @Test
    void compare_elementsWhoseNestedElementsAreIgnored_arePaired() {
      CompareOptions options = new CompareOptions(Set.of(), List.of("$[*][*]"), true, 0);

      assertThat(compare(options, "[[1],[2,3],7]", "[7,[4,5,6],[8]]")).isEmpty();
    }

    @Test
    void compare_elementsWhoseIgnoredMemberHoldsAnArray_arePaired() {
      CompareOptions options = new CompareOptions(Set.of(), List.of("$[*].t"), true, 0);

      assertThat(
              compare(
                  options,
                  "[{\"id\":1,\"t\":[1]},{\"id\":2,\"t\":[2]}]",
                  "[{\"id\":2,\"t\":[9,9]},{\"id\":1,\"t\":[8]}]"))
          .isEmpty();
    }

    @Test
    void compare_nullElements_pairOnlyWithNull() {
      assertThat(compare(unordered(), "[null,1,null]", "[1,null,0]"))
          .containsExactly(
              diff("$[*]", DiffKind.MISSING, Severity.BREAKING, "null", null),
              diff("$[*]", DiffKind.EXTRA, Severity.ADDITIVE, null, "0"));
    }

    @Test
    void compare_booleanElements_pairByValue() {
      assertThat(compare(unordered(), "[true,false,true]", "[false,true,false]"))
          .containsExactly(
              diff("$[*]", DiffKind.MISSING, Severity.BREAKING, "true", null),
              diff("$[*]", DiffKind.EXTRA, Severity.ADDITIVE, null, "false"));
    }

    /**
     * Pairing by hash keeps a reordered multiset near linear: 5000 distinct elements of each kind
     * in reverse order pair well within the budget, where trying each against all would not.
     */
    @Test
    void compare_largeMultisetsInReverseOrder_arePairedWithinTheBudget() {
      for (java.util.function.IntFunction<String> element :
          List.<java.util.function.IntFunction<String>>of(
              i -> Integer.toString(i),
              i -> i + ".5",
              i -> "\"s" + i + "\"",
              i -> "{\"id\":" + i + ",\"name\":\"n" + i + "\"}",
              i -> "[" + i + ",\"x\"]")) {
        StringBuilder legacy = new StringBuilder("[");
        StringBuilder modern = new StringBuilder("[");
        for (int i = 0; i < 5000; i++) {
          legacy.append(i == 0 ? "" : ",").append(element.apply(i));
          modern.append(i == 0 ? "" : ",").append(element.apply(4999 - i));
        }

        assertThat(compare(unordered(), legacy + "]", modern + "]")).as(element.apply(1)).isEmpty();
      }
    }

    @Test
    void compare_differingMultisetThenMember_eachAtItsOwnPath() {
      assertThat(compare(unordered(), "{\"a\":[1],\"b\":1}", "{\"a\":[2],\"b\":2}"))
          .extracting(Difference::path)
          .containsExactly("$.a[*]", "$.a[*]", "$.b");
    }

    @Test
    void compare_elementsOfAnotherType_neverPair() {
      assertThat(compare(unordered(), "[\"1\",true]", "[1,\"true\"]"))
          .extracting(Difference::kind)
          .containsExactly(DiffKind.MISSING, DiffKind.MISSING, DiffKind.EXTRA, DiffKind.EXTRA);
    }

    @Test
    void compare_intAndDecimalElements_arePaired() {
      assertThat(compare(unordered(), "[1,2.5,0]", "[2.5,-0.0,1.0]")).isEmpty();
    }
  }

  @Nested
  class IgnoreFields {

    @Test
    void compare_ignoredMember_skipped() {
      assertThat(
              compare(
                  ignoring("$.meta.generatedAt"),
                  "{\"meta\":{\"generatedAt\":1,\"v\":1}}",
                  "{\"meta\":{\"generatedAt\":2,\"v\":2}}"))
          .extracting(Difference::path)
          .containsExactly("$.meta.v");
    }

    @Test
    void compare_ignoredPath_ignoresEverythingBelow() {
      assertThat(
              compare(
                  ignoring("$.meta"),
                  "{\"meta\":{\"a\":{\"b\":[1]}},\"x\":1}",
                  "{\"meta\":{\"a\":{\"b\":[2]},\"c\":3},\"x\":1}"))
          .isEmpty();
    }

    @Test
    void compare_ignoredMissingAndExtraMembers_skipped() {
      assertThat(compare(ignoring("$.old", "$.new"), "{\"old\":1}", "{\"new\":1}")).isEmpty();
    }

    @Test
    void compare_wildcardIndex_ignoresFieldInEveryElement() {
      assertThat(
              compare(
                  ignoring("$.items[*].etag"),
                  "{\"items\":[{\"id\":1,\"etag\":\"a\"},{\"id\":2,\"etag\":\"b\"}]}",
                  "{\"items\":[{\"id\":1,\"etag\":\"c\"},{\"id\":3}]}"))
          .extracting(Difference::path)
          .containsExactly("$.items[1].id");
    }

    @Test
    void compare_fixedIndex_ignoresThatElementOnly() {
      assertThat(compare(ignoring("$.a[2]"), "{\"a\":[1,2,3,4]}", "{\"a\":[1,2,9,8]}"))
          .extracting(Difference::path)
          .containsExactly("$.a[3]");
    }

    @Test
    void compare_deepScan_ignoresNameAtAnyDepth() {
      assertThat(
              compare(
                  ignoring("$..traceId"),
                  "{\"traceId\":1,\"a\":{\"traceId\":2,\"b\":[{\"traceId\":3,\"v\":1}]}}",
                  "{\"traceId\":9,\"a\":{\"traceId\":8,\"b\":[{\"traceId\":7,\"v\":2}]}}"))
          .extracting(Difference::path)
          .containsExactly("$.a.b[0].v");
    }

    @Test
    void compare_deepScanFollowedBySegments_matchesBelowName() {
      assertThat(
              compare(
                  ignoring("$..audit.at"),
                  "{\"x\":{\"audit\":{\"at\":1,\"by\":\"a\"}}}",
                  "{\"x\":{\"audit\":{\"at\":2,\"by\":\"b\"}}}"))
          .extracting(Difference::path)
          .containsExactly("$.x.audit.by");
    }

    @Test
    void compare_deepWildcardBelowAMember_ignoresEverythingInsideIt() {
      assertThat(
              compare(
                  ignoring("$.a..*"),
                  "{\"a\":{\"b\":[1,{\"c\":2}]},\"d\":1}",
                  "{\"a\":{\"b\":[3],\"e\":4},\"d\":2}"))
          .extracting(Difference::path)
          .containsExactly("$.d");
    }

    @Test
    void compare_deepWildcard_ignoresEveryMemberButNotTheRootsType() {
      assertThat(compare(ignoring("$..*"), "{\"a\":1,\"b\":[2]}", "{\"a\":2,\"c\":3}")).isEmpty();
      assertThat(compare(ignoring("$..*"), "{\"a\":1}", "[1]"))
          .extracting(Difference::path, Difference::kind)
          .containsExactly(tuple("$", DiffKind.TYPE));
    }

    @Test
    void compare_quotedName_ignored() {
      assertThat(compare(ignoring("$['a b']"), "{\"a b\":1,\"c\":1}", "{\"a b\":2,\"c\":1}"))
          .isEmpty();
    }

    @Test
    void compare_rootIgnored_bodySkippedEvenAsBytes() {
      assertThat(
              ResponseComparator.of(ignoring("$"))
                  .compare(text("text/plain", "a"), text("text/plain", "b")))
          .isEmpty();
    }

    @Test
    void options_invalidExpression_namesIndexAndExpression() {
      assertThatThrownBy(() -> ignoring("$.ok", "$.a[", "x"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("ignoreFields[1]: $.a[ (expected: a JSONPath");
    }
  }

  @Nested
  class NonJsonBody {

    @Test
    void compare_differentText_isValueChangedAtRoot() {
      assertThat(DEFAULTS.compare(text("text/plain", "hello"), text("text/plain", "hullo")))
          .containsExactly(diff("$", DiffKind.VALUE, Severity.CHANGED, "hello", "hullo"));
    }

    @Test
    void compare_equalText_noDifference() {
      assertThat(DEFAULTS.compare(text("text/html", "<p>x</p>"), text("text/html", "<p>x</p>")))
          .isEmpty();
    }

    @Test
    void compare_jsonContentTypeButUnparsable_comparedAsBytes() {
      assertThat(DEFAULTS.compare(json("{\"a\":1}"), json("{\"a\":1")))
          .containsExactly(diff("$", DiffKind.VALUE, Severity.CHANGED, "{\"a\":1}", "{\"a\":1"));
    }

    @Test
    void compare_trailingGarbage_comparedAsBytes() {
      assertThat(DEFAULTS.compare(json("{\"a\":1}"), json("{\"a\": 1} x")))
          .extracting(Difference::path, Difference::kind)
          .containsExactly(tuple("$", DiffKind.VALUE));
    }

    @Test
    void compare_jsonTextWithoutJsonContentType_comparedAsBytes() {
      assertThat(
              DEFAULTS.compare(text("text/plain", "{\"a\":1}"), text("text/plain", "{ \"a\":1}")))
          .extracting(Difference::path)
          .containsExactly("$");
    }

    @Test
    void compare_binaryBodies_describedByLengthAndDigest() {
      ResponseSnapshot legacy =
          ResponseSnapshot.of(200, Map.of(), new byte[] {(byte) 0xff, (byte) 0xfe, 1});
      ResponseSnapshot modern =
          ResponseSnapshot.of(200, Map.of(), new byte[] {(byte) 0xff, (byte) 0xfe, 2});

      List<Difference> differences = DEFAULTS.compare(legacy, modern);

      assertThat(differences).hasSize(1);
      assertThat(differences.get(0).legacyValue())
          .isEqualTo("<3 bytes, sha256=" + legacy.sha256Hex() + ">");
      assertThat(differences.get(0).modernValue())
          .isEqualTo("<3 bytes, sha256=" + modern.sha256Hex() + ">");
    }
  }

  @Nested
  class TruncatedBody {

    private ResponseSnapshot truncated(String body) {
      return ResponseSnapshot.builder(200, Map.of("Content-Type", List.of("application/json")), 4)
          .append(ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)))
          .build();
    }

    @Test
    void compare_truncatedEqualBodies_noDifference() {
      assertThat(DEFAULTS.compare(truncated("{\"a\":[1,2,3]}"), truncated("{\"a\":[1,2,3]}")))
          .isEmpty();
    }

    @Test
    void compare_truncatedSameLengthDifferentContent_differByHash() {
      ResponseSnapshot legacy = truncated("{\"a\":[1,2,3]}");
      ResponseSnapshot modern = truncated("{\"a\":[1,2,4]}");

      assertThat(DEFAULTS.compare(legacy, modern))
          .containsExactly(
              diff(
                  "$",
                  DiffKind.VALUE,
                  Severity.CHANGED,
                  "<13 bytes, sha256=" + legacy.sha256Hex() + ">",
                  "<13 bytes, sha256=" + modern.sha256Hex() + ">"));
    }

    @Test
    void compare_truncatedDifferentLength_differ() {
      assertThat(DEFAULTS.compare(truncated("{\"a\":[1,2,3]}"), truncated("{\"a\":[1,2,3,4]}")))
          .extracting(Difference::modernValue)
          .allSatisfy(value -> assertThat(value).startsWith("<15 bytes, sha256="));
    }

    @Test
    void compare_oneSideTruncated_comparedByLengthAndHash() {
      List<Difference> differences = DEFAULTS.compare(truncated("{\"a\":[1,2,3]}"), json("{}"));

      assertThat(differences).hasSize(1);
      assertThat(differences.get(0).path()).isEqualTo("$");
      assertThat(differences.get(0).legacyValue()).startsWith("<13 bytes, sha256=");
      assertThat(differences.get(0).modernValue()).startsWith("<2 bytes, sha256=");
    }
  }

  @Test
  void comparator_sharedAcrossThreads_sameResults() throws InterruptedException {
    ResponseComparator comparator =
        ResponseComparator.of(new CompareOptions(Set.of(), List.of("$..id"), true, 0));
    ResponseSnapshot legacy = json("{\"a\":[{\"id\":1,\"v\":1},{\"id\":2,\"v\":2}]}");
    ResponseSnapshot modern = json("{\"a\":[{\"id\":3,\"v\":2},{\"id\":4,\"v\":3}]}");
    List<Difference> expected = comparator.compare(legacy, modern);
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    Thread[] threads = new Thread[4];
    for (int t = 0; t < threads.length; t++) {
      threads[t] =
          new Thread(
              () -> {
                for (int i = 0; i < 500; i++) {
                  try {
                    assertThat(comparator.compare(legacy, modern)).isEqualTo(expected);
                  } catch (Throwable e) {
                    failures.add(e);
                  }
                }
              });
      threads[t].start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(failures).isEmpty();
    assertThat(expected).hasSize(2);
  }
}
