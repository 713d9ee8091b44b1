package function;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** The body of {@code POST /}: {@code {"items": [{"productId": "p1", "quantity": 2}]}}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OrderRequest(List<Item> items) {

    /** One requested product. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Item(String productId, Integer quantity) {
    }

    /** What is wrong with this request, naming the item, or null if nothing. */
    String problem() {
        if (items == null || items.isEmpty()) {
            return "items is missing or empty: send {\"items\": [{\"productId\": \"p1\", \"quantity\": 1}]}";
        }
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            if (item == null || item.productId() == null || item.productId().isBlank()) {
                return "items[" + i + "].productId is missing";
            }
            if (item.quantity() == null || item.quantity() < 1 || item.quantity() > 1000) {
                return "items[" + i + "].quantity must be a whole number from 1 to 1000, got "
                        + item.quantity();
            }
        }
        return null;
    }
}
