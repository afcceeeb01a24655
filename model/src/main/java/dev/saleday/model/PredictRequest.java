package dev.saleday.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import java.io.IOException;

/**
 * The body of {@code POST /predict}: {@code {"userId": <long>, "k": <1..100>}}. Unknown fields are ignored;
 * everything else that is wrong is a {@link BadRequestException} saying what.
 */
record PredictRequest(long userId, int k) {

    static PredictRequest parse(JsonFactory json, byte[] body, int length) throws BadRequestException {
        if (length == 0) {
            throw new BadRequestException("request body is empty; expected {\"userId\": <integer>, \"k\": <1..100>}");
        }
        Long userId = null;
        Long k = null;
        try (JsonParser parser = json.createParser(body, 0, length)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new BadRequestException("request body must be a JSON object {\"userId\": <integer>, \"k\": <1..100>}");
            }
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "userId" -> userId = integerField(parser, value, "userId");
                    case "k" -> k = integerField(parser, value, "k");
                    default -> parser.skipChildren();
                }
            }
            if (token != JsonToken.END_OBJECT) {
                throw new BadRequestException("malformed JSON: object not closed");
            }
            if (parser.nextToken() != null) {
                throw new BadRequestException("malformed JSON: unexpected content after the object");
            }
        } catch (JsonParseException e) {
            throw new BadRequestException("malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BadRequestException("malformed JSON: " + e.getMessage());
        }
        if (userId == null) {
            throw new BadRequestException("missing field 'userId' (an integer)");
        }
        if (k == null) {
            throw new BadRequestException("missing field 'k' (an integer in 1.." + Factorisation.MAX_K + ")");
        }
        if (k < 1 || k > Factorisation.MAX_K) {
            throw new BadRequestException("k must be in 1.." + Factorisation.MAX_K + ", got " + k);
        }
        return new PredictRequest(userId, k.intValue());
    }

    private static long integerField(JsonParser parser, JsonToken value, String name)
            throws IOException, BadRequestException {
        if (value != JsonToken.VALUE_NUMBER_INT) {
            throw new BadRequestException(name + " must be an integer, got " + describe(parser, value));
        }
        try {
            return parser.getLongValue();
        } catch (InputCoercionException e) {
            throw new BadRequestException(name + " is out of range for a 64-bit integer: " + parser.getText());
        }
    }

    private static String describe(JsonParser parser, JsonToken value) throws IOException {
        return switch (value) {
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_FLOAT -> "the number " + parser.getText();
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            default -> String.valueOf(value);
        };
    }
}
