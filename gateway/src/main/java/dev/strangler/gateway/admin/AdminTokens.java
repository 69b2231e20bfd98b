package dev.strangler.gateway.admin;

import dev.strangler.gateway.state.AuditEntry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The bearer tokens of the admin API, each with a name that the audit log shows as who made a
 * change: {@code strangler.admin.token} is named {@value #ADMIN}, {@code
 * strangler.admin.tokens.<name>} are named by their key.
 *
 * <p>Design: only SHA-256 digests of the tokens are kept. A presented token is digested and
 * compared with every known digest by {@link MessageDigest#isEqual} (constant time), without
 * stopping at a match, so neither the length of a token nor which one matched shows in the time
 * taken. When no token is configured, one is generated and logged once at start-up; configured
 * tokens are never logged.
 */
final class AdminTokens {

  /** Name of {@code strangler.admin.token}. */
  public static final String ADMIN = "admin";

  /** The shortest token accepted. */
  static final int MIN_LENGTH = 16;

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");

  private static final Set<String> RESERVED =
      Set.of(AuditEntry.PLAN, AuditEntry.RULES_FILE, AuditEntry.STATE_STORE);

  private static final Log log = LogFactory.getLog(AdminTokens.class);

  private final List<String> names;

  private final List<byte[]> digests;

  private AdminTokens(Map<String, String> tokensByName) {
    this.names = new ArrayList<>(tokensByName.size());
    this.digests = new ArrayList<>(tokensByName.size());
    tokensByName.forEach(
        (name, token) -> {
          names.add(name);
          digests.add(digest(token));
        });
  }

  /**
   * Checks the configured tokens, or generates one when there is none.
   *
   * @param token {@code strangler.admin.token}, null or blank when unset
   * @param named {@code strangler.admin.tokens}, by name
   * @param random the source of a generated token
   * @return the tokens
   * @throws IllegalArgumentException when a name or a token is unfit: names are {@code
   *     [a-z0-9][a-z0-9._-]{0,62}} and not {@code plan}, {@code rules-file} or {@code state-store};
   *     tokens have at least {@value #MIN_LENGTH} characters, no white space, and differ from each
   *     other
   */
  public static AdminTokens of(
      @Nullable String token, Map<String, String> named, SecureRandom random) {
    Map<String, String> tokens = new TreeMap<>();
    List<String> problems = new ArrayList<>();
    if (token != null && !token.isBlank()) {
      check("strangler.admin.token", token, problems);
      tokens.put(ADMIN, token);
    }
    named.forEach(
        (name, value) -> {
          String property = "strangler.admin.tokens." + name;
          if (!NAME.matcher(name).matches()
              || RESERVED.contains(name)
              || tokens.containsKey(name)) {
            problems.add(
                property
                    + ": <name "
                    + name
                    + "> (expected: a name matching "
                    + NAME.pattern()
                    + ", not "
                    + ADMIN
                    + ", "
                    + AuditEntry.PLAN
                    + ", "
                    + AuditEntry.RULES_FILE
                    + " or "
                    + AuditEntry.STATE_STORE
                    + ")");
          }
          check(property, value == null ? "" : value, problems);
          if (value != null && tokens.containsValue(value)) {
            problems.add(property + ": <the token of another name> (expected: a token of its own)");
          }
          tokens.put(name, value == null ? "" : value);
        });
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid admin tokens: " + String.join("; ", problems));
    }
    if (tokens.isEmpty()) {
      byte[] bytes = new byte[32];
      random.nextBytes(bytes);
      String generated = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
      log.warn(
          "No admin token is configured (strangler.admin.token), so this one was generated for this"
              + " run of the gateway: "
              + generated
              + " . Send it as 'Authorization: Bearer <token>' to /admin on the "
              + "management port. It changes at every start and differs between replicas: set "
              + "strangler.admin.token (or STRANGLER_ADMIN_TOKEN) for a lasting one.");
      tokens.put(ADMIN, generated);
    }
    return new AdminTokens(tokens);
  }

  private static void check(String property, String value, List<String> problems) {
    if (value.length() < MIN_LENGTH || value.chars().anyMatch(Character::isWhitespace)) {
      problems.add(
          property
              + ": <"
              + value.length()
              + " characters> (expected: at least "
              + MIN_LENGTH
              + " characters, no white space)");
    }
  }

  /**
   * Finds whose token this is, in constant time.
   *
   * @param presented the token a request carries
   * @return the token's name, or empty when it is no admin token
   */
  public Optional<String> nameOf(String presented) {
    byte[] digest = digest(presented);
    String match = null;
    for (int i = 0; i < digests.size(); i++) {
      if (MessageDigest.isEqual(digests.get(i), digest) && match == null) {
        match = names.get(i);
      }
    }
    return Optional.ofNullable(match);
  }

  /** Returns the names of the tokens. */
  public List<String> names() {
    return List.copyOf(names);
  }

  private static byte[] digest(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException ex) {
      throw new IllegalStateException("SHA-256 is part of every Java platform", ex);
    }
  }
}
