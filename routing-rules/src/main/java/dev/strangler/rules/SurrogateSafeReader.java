package dev.strangler.rules;

import java.io.Reader;
import java.util.Objects;

/**
 * Reads a string in chunks that never end between the two halves of a surrogate pair.
 *
 * <p>Design note: snakeyaml-engine 3.0.1 reads its input in chunks of 1025 characters into a buffer
 * of 1025, and when a chunk ends with a high surrogate it reads one more character into the buffer,
 * one past its end: an {@link IndexOutOfBoundsException} for any text with an emoji or another
 * supplementary character at position 1024 of a chunk. Handing it chunks that keep each pair whole
 * means it never has to.
 */
final class SurrogateSafeReader extends Reader {

  private final String text;
  private int position;

  SurrogateSafeReader(String text) {
    this.text = Objects.requireNonNull(text, "text");
  }

  @Override
  public int read(char[] buffer, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, buffer.length);
    if (length == 0) {
      return 0;
    }
    int count = Math.min(length, text.length() - position);
    if (count <= 0) {
      return -1;
    }
    if (count > 1 && Character.isHighSurrogate(text.charAt(position + count - 1))) {
      count--;
    }
    text.getChars(position, position + count, buffer, offset);
    position += count;
    return count;
  }

  @Override
  public void close() {
    position = text.length();
  }
}
