package dev.strangler.shadow.jmh;

import java.nio.charset.StandardCharsets;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Generates an order-list response of about a given size and a modern variant of it with the
 * handful of differences a real migration shows: a timestamp, a price, a removed and an added
 * member, a number turned into a string and a changed total.
 */
final class JsonBodies {

  private static final JsonMapper MAPPER = JsonMapper.builder().build();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** The two bodies of one benchmark input. */
  record Pair(byte[] legacy, byte[] modern) {}

  private JsonBodies() {}

  static Pair ofApproximateSize(int bytes) {
    ObjectNode legacy = document(bytes);
    ObjectNode modern = legacy.deepCopy();
    modern.withObject("/meta").put("generatedAt", "2025-03-01T12:00:00.456Z");
    ArrayNode items = (ArrayNode) modern.get("items");
    ObjectNode first = (ObjectNode) items.get(0);
    first.put("price", first.get("price").doubleValue() + 0.5);
    ObjectNode last = (ObjectNode) items.get(items.size() - 1);
    last.remove("available");
    ObjectNode middle = (ObjectNode) items.get(items.size() / 2);
    middle.put("discount", 0.1);
    middle.put("quantity", Integer.toString(middle.get("quantity").intValue()));
    modern.withObject("/totals").put("total", 1.0);
    return new Pair(MAPPER.writeValueAsBytes(legacy), MAPPER.writeValueAsBytes(modern));
  }

  private static ObjectNode document(int targetBytes) {
    ObjectNode root = NODES.objectNode();
    ObjectNode meta = root.putObject("meta");
    meta.put("requestId", "4b7c2f0e-9a51-4d7e-8f36-0d2c9b1e6a77");
    meta.put("generatedAt", "2025-03-01T12:00:00.123Z");
    meta.put("version", 3);
    ObjectNode customer = root.putObject("customer");
    customer.put("id", 918_273);
    customer.put("name", "Ada Lovelace");
    customer.put("email", "ada@example.org");
    customer.put("tier", "gold");
    ObjectNode address = customer.putObject("address");
    address.put("street", "12 Analytical Engine Road");
    address.put("city", "London");
    address.put("zip", "NW1 2AB");
    address.put("country", "GB");
    ArrayNode items = root.putArray("items");
    ObjectNode totals = root.putObject("totals");
    double subtotal = 0;
    int i = 0;
    do {
      ObjectNode item = items.addObject();
      item.put("id", 10_000 + i);
      item.put("sku", String.format("SKU-%06d", i));
      item.put("name", "Item number " + i);
      double price = 5 + (i * 37 % 1000) / 100.0;
      item.put("price", price);
      item.put("quantity", 1 + i % 4);
      item.put("available", i % 7 != 0);
      ArrayNode tags = item.putArray("tags");
      tags.add(i % 2 == 0 ? "sale" : "new");
      tags.add("category-" + i % 5);
      ObjectNode attributes = item.putObject("attributes");
      attributes.put("color", i % 3 == 0 ? "red" : "blue");
      attributes.put("size", "M");
      attributes.put("weightKg", 0.25 * (1 + i % 8));
      subtotal += price * (1 + i % 4);
      i++;
    } while (MAPPER.writeValueAsString(root).getBytes(StandardCharsets.UTF_8).length < targetBytes);
    totals.put("subtotal", subtotal);
    totals.put("tax", Math.round(subtotal * 19) / 100.0);
    totals.put("total", subtotal * 1.19);
    totals.put("currency", "EUR");
    return root;
  }
}
