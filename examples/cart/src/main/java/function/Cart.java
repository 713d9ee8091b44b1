package function;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One shopper's cart; adding a product twice adds up the quantities. Thread-safe. */
final class Cart {

    /** One product in the cart. */
    record Line(String productId, String name, BigDecimal unitPrice, int quantity, BigDecimal lineTotal) {
    }

    /** What the cart answers as JSON. */
    record View(String cartId, List<Line> items, int itemCount, BigDecimal total) {
    }

    private final String id;
    private final Map<String, Line> lines = new LinkedHashMap<>();

    Cart(String id) {
        this.id = id;
    }

    synchronized View add(Product product, int quantity) {
        Line existing = lines.get(product.id());
        int total = quantity + (existing == null ? 0 : existing.quantity());
        lines.put(product.id(), new Line(product.id(), product.name(), product.price(), total,
                product.price().multiply(BigDecimal.valueOf(total))));
        return view();
    }

    synchronized void clear() {
        lines.clear();
    }

    synchronized View view() {
        List<Line> items = new ArrayList<>(lines.values());
        BigDecimal total = items.stream().map(Line::lineTotal).reduce(BigDecimal.ZERO, BigDecimal::add);
        return new View(id, items, items.stream().mapToInt(Line::quantity).sum(), total);
    }
}
