package dev.celeriac.examples.orders;

import dev.celeriac.client.Celeriac;
import dev.celeriac.client.TaskRef2;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * An orders service: {@code POST /orders} sends the {@code orders.process} task and answers with
 * its id at once; a worker in this same application (or any other instance) runs it on the {@link
 * OrderTasks} bean, with that bean's {@link PriceList}; {@code GET /orders/{id}} reads its state
 * and result from Redis, on any instance.
 *
 * <pre>{@code
 * ./mvnw -q package -DskipTests -pl examples/spring-boot-orders -am
 * CELERIAC_BROKER_URL=amqp://guest:guest@localhost:5672// \
 * CELERIAC_RESULT_BACKEND=redis://localhost:6379/0 \
 *   java -jar examples/spring-boot-orders/target/orders.jar
 * curl -s -XPOST localhost:8080/orders -H 'content-type: application/json' \
 *   -d '{"sku":"apple","quantity":3}'          # {"id":"7c1c..."}
 * curl -s localhost:8080/orders/7c1c...          # {"id":"7c1c...","state":"SUCCESS","result":{...}}
 * }</pre>
 */
@SpringBootApplication
public class OrdersApplication {

  public static void main(String[] args) {
    SpringApplication.run(OrdersApplication.class, args);
  }

  /** A typed reference to the task, taken from the bean's {@code @Task} method. */
  @Bean
  TaskRef2<String, Integer, Receipt> processOrder(Celeriac app, OrderTasks tasks) {
    return app.task(tasks::process);
  }
}
