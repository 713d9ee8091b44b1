package function;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Prices an order request against the catalog. */
final class Pricing {

    /** A product of the request does not exist; the message names it and its position. */
    static final class UnknownProductException extends Exception {
        UnknownProductException(String message) {
            super(message);
        }
    }

    private final ProductCatalog catalog;

    Pricing(ProductCatalog catalog) {
        this.catalog = catalog;
    }

    /** Prices every item of a request that has been validated with {@link OrderRequest#problem()}. */
    Order price(OrderRequest request, String orderId, long createdAt)
            throws UnknownProductException, IOException, InterruptedException {
        List<Order.Line> lines = new ArrayList<>();
        BigDecimal total = BigDecimal.ZERO;
        for (int i = 0; i < request.items().size(); i++) {
            OrderRequest.Item item = request.items().get(i);
            Optional<Product> product = catalog.find(item.productId());
            if (product.isEmpty()) {
                throw new UnknownProductException("items[" + i + "]: product '" + item.productId() + "' not found");
            }
            Product p = product.get();
            BigDecimal lineTotal = p.price().multiply(BigDecimal.valueOf(item.quantity()));
            lines.add(new Order.Line(p.id(), p.name(), p.price(), item.quantity(), lineTotal));
            total = total.add(lineTotal);
        }
        return new Order(orderId, List.copyOf(lines), total, createdAt);
    }
}
