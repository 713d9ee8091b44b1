package function;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** The body of {@code POST /items}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AddItem(String productId, Integer quantity) {

    /** What is wrong with this request, or null if nothing. */
    String problem() {
        if (productId == null || productId.isBlank()) {
            return "productId is missing: send {\"productId\": \"p1\", \"quantity\": 1}";
        }
        if (quantity == null || quantity < 1 || quantity > 1000) {
            return "quantity must be a whole number from 1 to 1000, got " + quantity;
        }
        return null;
    }
}
