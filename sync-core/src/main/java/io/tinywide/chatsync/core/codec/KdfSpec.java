package io.tinywide.chatsync.core.codec;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A key derivation as a keyring records it: {@code {"name":"…", <integer parameters>, "salt":"…"}},
 * the parameters in the order written, so the associated data a reader rebuilds is the writer's.
 */
record KdfSpec(String name, Map<String, Long> parameters, byte[] salt) {
    KdfSpec {
        Objects.requireNonNull(name, "name");
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        salt = salt.clone();
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    void write(JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", name);
        for (Map.Entry<String, Long> p : parameters.entrySet()) {
            g.writeNumberField(p.getKey(), p.getValue());
        }
        g.writeStringField("salt", Base64.getEncoder().encodeToString(salt));
        g.writeEndObject();
    }

    static KdfSpec read(Fields k) {
        String name = k.text("name");
        Map<String, Long> parameters = new LinkedHashMap<>();
        for (String field : k.names()) {
            if (!field.equals("name") && !field.equals("salt")) {
                parameters.put(field, k.number(field));
            }
        }
        byte[] salt = k.canonicalBase64("salt");
        k.done();
        return new KdfSpec(name, parameters, salt);
    }

    /** Names this derivation of one secret, to reuse a key derived earlier in the same run. */
    String fingerprint() {
        return name + parameters + Base64.getEncoder().encodeToString(salt);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KdfSpec k && name.equals(k.name) && parameters.equals(k.parameters)
                && Arrays.equals(salt, k.salt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, parameters);
    }
}
