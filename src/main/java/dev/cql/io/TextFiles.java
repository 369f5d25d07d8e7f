package dev.cql.io;

import dev.cql.lang.Limit;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the YAML files users hand us (descriptors, scorecards, test files) with their size checked before a
 * byte is parsed, and their encoding checked with a position: a 20 MB file is refused at once, and a
 * file that is not UTF-8 says at which line and column, not {@code MalformedInputException}.
 */
public final class TextFiles {

  private TextFiles() {}

  /** A file we refuse to read: its problem and, when known, the 1-based line and column. */
  public static final class BadFile extends IOException {
    private final int line;
    private final int column;

    public BadFile(String message, int line, int column) {
      super(message);
      this.line = line;
      this.column = column;
    }

    public int line() {
      return line;
    }

    public int column() {
      return column;
    }
  }

  /** The file's text, or a {@link BadFile} when it is larger than the limit 'yaml-size' or not UTF-8. */
  public static String readYaml(Path file) throws IOException {
    long size = Files.size(file);
    long max = Limit.YAML_SIZE.value();
    if (size > max) {
      throw new BadFile("the file is " + size + " bytes; " + Limit.YAML_SIZE.explain(), 0, 0);
    }
    return decode(Files.readAllBytes(file));
  }

  /** Strict UTF-8 (a leading byte-order mark is dropped); a {@link BadFile} at the first bad byte. */
  public static String decode(byte[] bytes) throws BadFile {
    CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      CharBuffer chars = d.decode(ByteBuffer.wrap(bytes));
      String s = chars.toString();
      return s.startsWith("\uFEFF") ? s.substring(1) : s;
    } catch (CharacterCodingException e) {
      // find the first bad byte and say where it is
      CharsetDecoder probe = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
      ByteBuffer in = ByteBuffer.wrap(bytes);
      CharBuffer out = CharBuffer.allocate(bytes.length + 1);
      probe.decode(in, out, true);
      int bad = in.position();
      out.flip();
      String good = out.toString();
      int line = 1;
      int column = 1;
      for (int i = 0; i < good.length(); i++) {
        if (good.charAt(i) == '\n') {
          line++;
          column = 1;
        } else {
          column++;
        }
      }
      String hex = bad < bytes.length ? String.format("0x%02X", bytes[bad] & 0xff) : "end of file";
      throw new BadFile("the file is not valid UTF-8 (byte " + hex + " at line " + line + ", column " + column
          + "); save it as UTF-8", line, column);
    }
  }
}
