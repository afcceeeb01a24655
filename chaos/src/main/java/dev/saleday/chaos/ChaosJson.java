package dev.saleday.chaos;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * Jackson 2 for chaos's own JSON (undos in the journal, recorder lines). fabric8 objects go through fabric8's own (Jackson 3)
 * serialisation first, then into a Jackson 2 tree, so the two Jacksons never meet.
 */
final class ChaosJson {

    static final ObjectMapper MAPPER = new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT);

    private ChaosJson() {
    }

    static String line(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** @return an undo as a tree that carries its type id (a Map value would lose it) */
    static JsonNode undoTree(Undo undo) {
        try {
            return MAPPER.readTree(MAPPER.writerFor(Undo.class).writeValueAsString(undo));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + undo + " as JSON", e);
        }
    }

    /** @return a fabric8 model object as a Jackson 2 tree */
    static JsonNode tree(Object fabric8Object) {
        try {
            return MAPPER.readTree(Serialization.asJson(fabric8Object));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read fabric8's JSON back", e);
        }
    }

    /** @return a Jackson 2 tree as a fabric8 model object */
    static <T> T fabric8(JsonNode tree, Class<T> type) {
        return Serialization.unmarshal(tree.toString(), type);
    }
}
