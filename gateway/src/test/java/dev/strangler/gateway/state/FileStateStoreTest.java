package dev.strangler.gateway.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

class FileStateStoreTest {

  static final Instant AT = Instant.parse("2026-01-02T03:04:05Z");

  static final RolloutSnapshot LEGACY = new RolloutSnapshot("legacy", BigDecimal.ZERO);

  static final RolloutSnapshot CANARY = new RolloutSnapshot("canary", new BigDecimal("12.5"));

  static AuditEntry entry(String reason) {
    return AuditEntry.ofRollout(AT, "admin", "orders", AuditAction.ROLLOUT, LEGACY, CANARY, reason);
  }

  @Test
  void missingFile_startsEmpty_andIsNotWrittenUntilAChange(@TempDir Path dir) {
    Path file = dir.resolve("sub").resolve("state.json");

    FileStateStore store = FileStateStore.open(file, 10);

    assertThat(store.rollouts()).isEmpty();
    assertThat(store.audit(10)).isEmpty();
    assertThat(file).doesNotExist();
    assertThat(file.getParent()).isDirectory();
  }

  @Test
  void change_isWrittenAtomically_andReadBackByANewStore(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("state.json");
    FileStateStore store = FileStateStore.open(file, 10);
    RolloutOverride override = new RolloutOverride(CANARY, LEGACY, null, "admin", AT, "try 12.5");

    RouteState first =
        store.write(new RouteWrite("orders", 0, override, null, null, entry("try 12.5"), null));
    RouteState second =
        store.write(
            new RouteWrite(
                "orders",
                first.version(),
                override,
                new PlanRecord(
                    JsonMapper.builder().build().readTree("{\"step\":2}"), LEGACY, null, AT),
                null,
                null,
                null));
    assertThat(second.version()).isGreaterThan(first.version());

    assertThat(dir).isDirectoryNotContaining("glob:**.tmp");
    String text = Files.readString(file);
    assertThat(text)
        .contains("\"format\" : 1")
        .contains("\"percent\" : 12.5")
        .contains("\"2026-01-02T03:04:05Z\"");
    FileStateStore reopened = FileStateStore.open(file, 10);
    assertThat(reopened.rollouts()).containsExactly(Map.entry("orders", override));
    assertThat(reopened.plans().get("orders").state().get("step").asInt()).isEqualTo(2);
    assertThat(reopened.audit(10)).containsExactly(entry("try 12.5"));
    assertThat(reopened.route("orders").version()).isEqualTo(second.version());
  }

  @Test
  void write_fromAnOldVersion_isRefused_andChangesNothing(@TempDir Path dir) {
    FileStateStore store = FileStateStore.open(dir.resolve("state.json"), 10);
    RolloutOverride override = new RolloutOverride(CANARY, LEGACY, null, "admin", AT, "r");
    RouteState written =
        store.write(new RouteWrite("orders", 0, override, null, null, entry("a"), null));

    assertThatThrownBy(
            () -> store.write(new RouteWrite("orders", 0, null, null, null, entry("b"), null)))
        .isInstanceOfSatisfying(
            StateConflictException.class, ex -> assertThat(ex.current()).isEqualTo(written));

    assertThat(store.route("orders")).isEqualTo(written);
    assertThat(store.audit(10)).extracting(AuditEntry::reason).containsExactly("a");
  }

  @Test
  void removeRoute_dropsRolloutAndPlan_andAuditsIt(@TempDir Path dir) {
    FileStateStore store = FileStateStore.open(dir.resolve("state.json"), 10);
    RouteState set =
        store.write(
            new RouteWrite(
                "orders",
                0,
                new RolloutOverride(CANARY, LEGACY, null, "admin", AT, "r"),
                new PlanRecord(JsonMapper.builder().build().readTree("{}"), LEGACY, null, AT),
                null,
                entry("set"),
                null));

    assertThat(
            store.write(
                new RouteWrite("orders", set.version(), null, null, null, entry("replaced"), null)))
        .isEqualTo(RouteState.NONE);

    FileStateStore reopened = FileStateStore.open(dir.resolve("state.json"), 10);
    assertThat(reopened.rollouts()).isEmpty();
    assertThat(reopened.plans()).isEmpty();
    assertThat(reopened.audit(10))
        .extracting(AuditEntry::reason)
        .containsExactly("replaced", "set");
  }

  @Test
  void audit_isBounded_newestKept_newestFirst(@TempDir Path dir) {
    FileStateStore store = FileStateStore.open(dir.resolve("state.json"), 3);

    for (int i = 1; i <= 5; i++) {
      store.append(entry("change " + i));
    }

    assertThat(store.audit(10))
        .extracting(AuditEntry::reason)
        .containsExactly("change 5", "change 4", "change 3");
    assertThat(store.audit(2))
        .extracting(AuditEntry::reason)
        .containsExactly("change 5", "change 4");
    assertThat(FileStateStore.open(dir.resolve("state.json"), 2).audit(10))
        .extracting(AuditEntry::reason)
        .containsExactly("change 5", "change 4");
  }

  @Test
  void failedWrite_changesNothing(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("state.json");
    FileStateStore store = FileStateStore.open(file, 10);
    store.append(entry("kept"));
    Files.delete(file);
    Files.createDirectories(file.resolve("in-the-way"));

    assertThatThrownBy(
            () ->
                store.write(
                    new RouteWrite(
                        "orders",
                        0,
                        new RolloutOverride(CANARY, LEGACY, null, "admin", AT, "r"),
                        null,
                        null,
                        entry("lost"),
                        null)))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining(file.toString());

    assertThat(store.rollouts()).isEmpty();
    assertThat(store.audit(10)).extracting(AuditEntry::reason).containsExactly("kept");
    assertThat(dir).isDirectoryNotContaining("glob:**.tmp");
  }

  @Test
  void failedWrite_marksTheStoreUnavailable_untilAWriteSucceeds(@TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("state.json");
    FileStateStore store = FileStateStore.open(file, 10);
    assertThat(store.kind()).isEqualTo("file");
    assertThat(store.available()).isTrue();
    store.append(entry("kept"));
    Files.delete(file);
    Path inTheWay = Files.createDirectories(file.resolve("in-the-way"));

    assertThatThrownBy(() -> store.append(entry("lost"))).isInstanceOf(UncheckedIOException.class);
    assertThat(store.available()).isFalse();

    Files.delete(inTheWay);
    Files.delete(file);
    store.append(entry("written again"));
    assertThat(store.available()).isTrue();
    assertThat(store.audit(10))
        .extracting(AuditEntry::reason)
        .containsExactly("written again", "kept");
  }

  @Test
  void unreadableFile_stopsStartUp_namingTheFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("state.json");
    Files.writeString(
        file, "{\"format\":1,\"rollouts\":{\"orders\":{\"rollout\":{\"mode\":\"sideways\"");

    assertThatThrownBy(() -> FileStateStore.open(file, 10))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("strangler.state.file: " + file)
        .hasMessageContaining("cannot be read as Strangler state");
  }

  @Test
  void invalidRolloutInFile_stopsStartUp(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("state.json");
    Files.writeString(
        file,
        """
        {"format": 1, "rollouts": {"orders": {"rollout": {"mode": "sideways", "percent": 5},
         "fileRollout": {"mode": "legacy", "percent": 0}, "who": "admin", "at": "2026-01-02T03:04:05Z"}}}
        """);

    assertThatThrownBy(() -> FileStateStore.open(file, 10))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("mode: sideways");
  }

  @Test
  void fileWrittenBeforeVersions_readsItsRoutesAtVersionOne(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("state.json");
    Files.writeString(
        file,
        """
        {"format": 1, "rollouts": {"orders": {"rollout": {"mode": "canary", "percent": 5},
         "fileRollout": {"mode": "legacy", "percent": 0}, "who": "admin",
         "at": "2026-01-02T03:04:05Z"}}, "plans": {}, "audit": []}
        """);

    FileStateStore store = FileStateStore.open(file, 10);

    assertThat(store.route("orders").version()).isEqualTo(1);
    assertThat(store.write(new RouteWrite("orders", 1, null, null, null, entry("gone"), null)))
        .isEqualTo(RouteState.NONE);
  }

  @Test
  void nullWhereTheRecordsNeedAValue_stopsStartUp_namingTheFile(@TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("state.json");
    Files.writeString(
        file,
        """
        {"format": 1, "rollouts": {"orders": {"rollout": null,
         "fileRollout": {"mode": "legacy", "percent": 0}, "who": "admin", "at": "2026-01-02T03:04:05Z"}}}
        """);

    assertThatThrownBy(() -> FileStateStore.open(file, 10))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("strangler.state.file: " + file)
        .hasMessageContaining("rollout");
  }

  @Test
  void jsonNull_stopsStartUp_namingTheFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("state.json");
    Files.writeString(file, "null");

    assertThatThrownBy(() -> FileStateStore.open(file, 10))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("strangler.state.file: " + file)
        .hasMessageContaining("no state document");
  }

  @Test
  void otherFormat_stopsStartUp(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("state.json");
    Files.writeString(file, "{\"format\": 2}");

    assertThatThrownBy(() -> FileStateStore.open(file, 10))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("format 2 (expected: 1)");
  }
}
