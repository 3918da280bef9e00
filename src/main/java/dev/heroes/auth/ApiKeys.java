package dev.heroes.auth;

import dev.heroes.config.AuthSettings;
import dev.heroes.config.ConfigException;
import dev.heroes.model.Caller;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * API keys from {@code AUTH_API_KEYS_FILE}, one per line: {@code <id> <sha256-hex> <scope>[,<scope>...]}
 * ({@code #} starts a comment). Only the keys' SHA-256 hashes are known here, so the file gives
 * nobody a key; a presented key is hashed and compared with every known hash in constant time
 * ({@link MessageDigest#isEqual}), without stopping at a match, so the time taken says nothing about
 * which key, or how much of one, was right.
 */
public final class ApiKeys {

    private record Known(byte[] hash, Caller caller) {}

    private final List<Known> keys;

    private ApiKeys(List<Known> keys) {
        this.keys = List.copyOf(keys);
    }

    /** @throws ConfigException naming the line that is not usable (never a key: the file holds none) */
    public static ApiKeys load(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("AUTH_API_KEYS_FILE=" + file + " could not be read: " + e.getMessage());
        }
        List<Known> keys = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int comment = line.indexOf('#');
            String content = (comment >= 0 ? line.substring(0, comment) : line).strip();
            if (content.isEmpty()) {
                continue;
            }
            String where = "AUTH_API_KEYS_FILE " + file + " line " + (i + 1);
            String[] fields = content.split("\\s+");
            if (fields.length != 3) {
                throw new ConfigException(where + ": expected <id> <sha256-hex> <scope>[,<scope>...]");
            }
            if (!fields[1].matches("[0-9a-fA-F]{64}")) {
                throw new ConfigException(where + ": the second field must be the key's SHA-256 in hex (64 digits)");
            }
            if (!ids.add(fields[0])) {
                throw new ConfigException(where + ": the id " + fields[0] + " is used twice");
            }
            Set<String> scopes = AuthSettings.scopes(where, fields[2]);
            keys.add(new Known(
                    HexFormat.of().parseHex(fields[1].toLowerCase()),
                    new Caller(fields[0], Caller.Kind.API_KEY, scopes)));
        }
        if (keys.isEmpty()) {
            throw new ConfigException("AUTH_API_KEYS_FILE=" + file + " holds no key");
        }
        return new ApiKeys(keys);
    }

    /** The caller whose key this is, if any. */
    public Optional<Caller> find(String presented) {
        byte[] hash = sha256(presented);
        Caller found = null;
        for (Known known : keys) {
            if (MessageDigest.isEqual(known.hash(), hash)) {
                found = known.caller();
            }
        }
        return Optional.ofNullable(found);
    }

    static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
