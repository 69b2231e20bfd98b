package dev.strangler.gateway.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code file} state store: the whole state in one JSON file, held in memory.
 *
 * <p>Design: every change writes the whole document to a temporary file in the same directory,
 * forces it to disk and renames it over the state file ({@code ATOMIC_MOVE}), so a reader or a
 * crash sees the old file or the new one, never a torn one. Changes are serialized; the in-memory
 * copy is swapped only after the file is written, so a failed write changes nothing. Reads never
 * touch the disk. The audit log is bounded, so the file and each write stay small (about 400 bytes
 * an entry, a few MB at the default 10,000 entries).
 *
 * <p>One file belongs to one gateway process: replicas do not share it.
 */
final class FileStateStore implements StateStore {

  private final Path file;

  private final int auditCapacity;

  private final JsonMapper json;

  private volatile StateDocument state;

  private volatile Map<String, RouteState> routes;

  /** False from a failed write to the next one that succeeds. */
  private volatile boolean writable = true;

  private FileStateStore(Path file, int auditCapacity, JsonMapper json, StateDocument state) {
    this.file = file;
    this.auditCapacity = auditCapacity;
    this.json = json;
    this.state = state;
    this.routes = Collections.unmodifiableMap(state.routes());
  }

  /**
   * Opens the store: reads the file if there is one, else starts empty (the file is written on the
   * first change).
   *
   * @param file the state file
   * @param auditCapacity the most audit entries kept, at least 1
   * @return the store
   * @throws IllegalStateException when the file cannot be read as state, or its directory cannot be
   *     written; starting without the state it holds could silently undo a rollback
   */
  static FileStateStore open(Path file, int auditCapacity) {
    if (auditCapacity < 1) {
      throw new IllegalArgumentException(
          "strangler.state.audit-capacity: " + auditCapacity + " (expected: at least 1)");
    }
    Path absolute = file.toAbsolutePath().normalize();
    JsonMapper json =
        JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            // a file written before versions existed has no sequence: it reads as 0
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();
    Path directory = Objects.requireNonNull(absolute.getParent(), "directory");
    try {
      Files.createDirectories(directory);
    } catch (IOException ex) {
      throw unusable(absolute, "its directory cannot be created: " + ex);
    }
    if (!Files.isWritable(directory)) {
      throw unusable(absolute, "its directory " + directory + " is not writable");
    }
    if (!Files.exists(absolute)) {
      return new FileStateStore(absolute, auditCapacity, json, StateDocument.empty());
    }
    StateDocument document;
    try {
      // a value a record refuses (a null where one is required, an unknown mode) comes wrapped
      // in a JacksonException; a file of JSON null gives no document at all
      document = json.readValue(Files.readAllBytes(absolute), StateDocument.class);
    } catch (IOException | JacksonException ex) {
      throw unusable(absolute, "it cannot be read as Strangler state: " + ex.getMessage());
    }
    if (document == null) {
      throw unusable(absolute, "it holds no state document (JSON null)");
    }
    if (document.format() != StateDocument.FORMAT) {
      throw unusable(
          absolute, "format " + document.format() + " (expected: " + StateDocument.FORMAT + ")");
    }
    return new FileStateStore(absolute, auditCapacity, json, document.trimmed(auditCapacity));
  }

  private static IllegalStateException unusable(Path file, String why) {
    return new IllegalStateException(
        "strangler.state.file: "
            + file
            + " (expected: a state file the gateway can "
            + "read and replace; "
            + why
            + "). Fix or move the file, or point strangler.state.file elsewhere.");
  }

  @Override
  public String kind() {
    return "file";
  }

  @Override
  public Map<String, RouteState> routes() {
    return routes;
  }

  @Override
  public List<AuditEntry> audit(int limit) {
    List<AuditEntry> audit = state.audit();
    List<AuditEntry> newestFirst = new ArrayList<>(Math.min(limit, audit.size()));
    for (int i = audit.size() - 1; i >= 0 && newestFirst.size() < limit; i--) {
      newestFirst.add(audit.get(i));
    }
    return newestFirst;
  }

  @Override
  public int auditCapacity() {
    return auditCapacity;
  }

  @Override
  public synchronized RouteState write(RouteWrite write) {
    RouteState current = route(write.routeId());
    if (current.version() != write.expectedVersion()) {
      throw new StateConflictException(
          "the state of route "
              + write.routeId()
              + " is at version "
              + current.version()
              + " (expected: "
              + write.expectedVersion()
              + ")",
          current);
    }
    change(
        document -> {
          StateDocument next =
              document.with(write.routeId(), write.rollout(), write.plan(), write.targets());
          AuditEntry entry = write.entry();
          return entry == null ? next : next.withAudit(entry, auditCapacity);
        });
    return route(write.routeId());
  }

  @Override
  public void append(AuditEntry entry) {
    change(document -> document.withAudit(entry, auditCapacity));
  }

  /**
   * True unless the last write failed (a full disk, a directory turned read-only): the file is only
   * touched by changes, so it shows 0 from a failed change until a change is written again.
   */
  @Override
  public boolean available() {
    return writable;
  }

  private synchronized void change(UnaryOperator<StateDocument> change) {
    StateDocument next = change.apply(state);
    try {
      write(json.writeValueAsBytes(next));
    } catch (UncheckedIOException ex) {
      writable = false;
      throw ex;
    }
    writable = true;
    state = next;
    routes = Collections.unmodifiableMap(next.routes());
  }

  private void write(byte[] bytes) {
    Path directory = Objects.requireNonNull(file.getParent(), "directory");
    Path temporary = null;
    try {
      temporary = Files.createTempFile(directory, "." + file.getFileName() + ".", ".tmp");
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      Files.move(
          temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      temporary = null;
      forceDirectory(directory);
    } catch (IOException ex) {
      throw new UncheckedIOException(
          "cannot write state file " + file + ": " + ex.getMessage(), ex);
    } finally {
      deleteQuietly(temporary);
    }
  }

  /**
   * Makes the rename durable; a file system that cannot sync a directory (not Linux) is left as is.
   */
  private static void forceDirectory(Path directory) {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException ex) {
      // best effort: the rename itself is atomic
    }
  }

  private static void deleteQuietly(@Nullable Path temporary) {
    if (temporary == null) {
      return;
    }
    try {
      Files.deleteIfExists(temporary);
    } catch (IOException ex) {
      // a stray temporary file is harmless; the next write makes a new one
    }
  }

  @Override
  public String toString() {
    return "file state store " + file;
  }
}
