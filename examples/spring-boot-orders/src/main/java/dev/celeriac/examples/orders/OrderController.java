package dev.celeriac.examples.orders;

import dev.celeriac.client.AsyncResult;
import dev.celeriac.client.Celeriac;
import dev.celeriac.client.TaskFailedException;
import dev.celeriac.client.TaskRef2;
import dev.celeriac.state.TaskState;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Sends an order's task and answers at once; reads its state and result by id later. */
@RestController
public class OrderController {

  /** The body of {@code POST /orders}. */
  public record OrderRequest(String sku, int quantity) {}

  private final Celeriac app;
  private final TaskRef2<String, Integer, Receipt> processOrder;

  public OrderController(Celeriac app, TaskRef2<String, Integer, Receipt> processOrder) {
    this.app = app;
    this.processOrder = processOrder;
  }

  /** Returns once the broker has the task: {@code {"id": "..."}}. */
  @PostMapping("/orders")
  @ResponseStatus(HttpStatus.ACCEPTED)
  public Map<String, String> create(@RequestBody OrderRequest order) {
    return Map.of("id", processOrder.delay(order.sku(), order.quantity()).id());
  }

  /** {@code {"id", "state"}}, plus {@code "result"} on SUCCESS or {@code "error"} on FAILURE. */
  @GetMapping("/orders/{id}")
  public Map<String, Object> get(@PathVariable String id) {
    AsyncResult<Receipt> result = app.result(id, Receipt.class);
    TaskState state = result.state();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", id);
    body.put("state", state.name());
    if (state == TaskState.SUCCESS) {
      body.put("result", result.get(Duration.ofSeconds(5)));
    } else if (state == TaskState.FAILURE) {
      try {
        result.get(Duration.ofSeconds(5));
      } catch (TaskFailedException e) {
        body.put("error", e.getMessage());
      }
    }
    return body;
  }
}
