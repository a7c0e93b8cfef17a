package dev.celeriac.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.celeriac.broker.BrokerSettings;
import dev.celeriac.broker.testing.PythonCelery;
import dev.celeriac.broker.testing.TestBroker;
import dev.celeriac.broker.testing.TestEnvironment;
import dev.celeriac.cli.interop.PythonInterop;
import dev.celeriac.cli.launcher.LaunchedWorker;
import dev.celeriac.cli.process.WorkerProcess;
import dev.celeriac.client.AsyncResult;
import dev.celeriac.client.TaskOptions;
import dev.celeriac.client.TaskRef;
import dev.celeriac.client.TaskRevokedException;
import dev.celeriac.worker.QueueFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web monitor end to end in a real browser: broker, a worker sending events ({@code -E}), the
 * {@code celeriac monitor} process from the CLI jar, and headless Chromium driven by WebDriver. The
 * page shows the worker and the tasks, and a revoke clicked on a task's page stops that task.
 * Arguments, results and tracebacks that hold markup are shown as text and never run.
 *
 * <p>Needs Debian's {@code chromium} and {@code chromium-driver}; without them the test is skipped,
 * except in CI ({@link TestEnvironment}) where it fails. With {@code
 * -Dceleriac.monitor.screenshots=DIR} the screenshots of the main pages are written to DIR (the
 * README's come from {@code docs/monitor}); otherwise to {@code target/monitor}.
 */
class MonitorBrowserIT {

  private static final Path CHROMEDRIVER =
      Path.of(System.getProperty("celeriac.test.chromedriver", "/usr/bin/chromedriver"));
  private static final Path CHROMIUM =
      Path.of(System.getProperty("celeriac.test.chromium", "/usr/bin/chromium"));

  @TempDir Path temp;

  private final List<Process> processes = new ArrayList<>();
  private QueueFixture fixture;
  private QueueFixture javaFixture;
  private LaunchedWorker javaWorker;
  private WebDriver browser;

  @AfterEach
  void stop() throws InterruptedException {
    if (browser != null) {
      browser.quit();
    }
    for (Process p : processes) {
      p.destroy();
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
    if (javaWorker != null) {
      javaWorker.close();
    }
    if (fixture != null) {
      fixture.close();
    }
    if (javaFixture != null) {
      javaFixture.close();
    }
  }

  @Test
  void showsWorkersAndTasksAndRevokesATaskFromItsPage() throws Exception {
    requireBrowser();
    PythonCelery.require();
    // The client hands countdowns to the worker (not to the broker), so the worker receives the
    // task at once and holds it until its ETA, when a revoke has had time to arrive.
    fixture =
        QueueFixture.create(
            "monitor-it",
            BrokerSettings.of(TestBroker.amqpUrl()).toBuilder().brokerDelays(false).build());
    String queue = fixture.queue;
    String worker = "py-" + queue + "@it";
    startPythonWorker(queue, worker);
    // A Celeriac worker with events on a queue of its own, beside the Python one.
    javaFixture = QueueFixture.create("monitor-it-java");
    String javaName = "java-" + javaFixture.queue + "@it";
    javaWorker =
        WorkerProcess.start(TestBroker.amqpUrl(), javaFixture.queue, javaName, "-E").awaitReady();
    String url = startMonitor(queue + "," + javaFixture.queue);

    TaskRef<Integer> javaAdd = javaFixture.app.task("it.add", Integer.class);
    for (int i = 1; i <= 3; i++) {
      assertThat(javaAdd.delay(i, 10).get(Duration.ofSeconds(60))).isEqualTo(10 + i);
    }

    TaskRef<Integer> add = fixture.app.task("py.add", Integer.class);
    for (int i = 1; i <= 6; i++) {
      assertThat(add.delay(i, i).get(Duration.ofSeconds(60))).isEqualTo(2 * i);
    }
    AsyncResult<Integer> failed = fixture.app.task("py.fail", Integer.class).delay("boom");
    assertThatThrownBy(() -> failed.get(Duration.ofSeconds(60))).hasMessageContaining("boom");

    browser = startBrowser();
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));

    browser.get(url + "#/workers");
    WebElement workerRow =
        wait.until(
            ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("tr[data-worker='" + worker + "']")));
    assertThat(workerRow.getText()).contains("online");
    wait.until(d -> d.findElement(By.cssSelector("tr[data-worker='" + worker + "']")).getText())
        .contains("threads");
    WebElement javaRow =
        wait.until(
            ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("tr[data-worker='" + javaName + "']")));
    assertThat(javaRow.getText()).contains("online");
    screenshot("workers");

    browser.get(url + "#/queues");
    wait.until(
        ExpectedConditions.visibilityOfElementLocated(
            By.cssSelector("tr[data-queue='" + queue + "']")));
    screenshot("queues");

    browser.get(url + "#/tasks/" + failed.id());
    WebElement traceback =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("traceback")));
    assertThat(traceback.getText()).contains("ValueError: boom");
    screenshot("task-detail");

    AsyncResult<Integer> doomed =
        add.applyAsync(
            List.of(100, 1), TaskOptions.builder().countdown(Duration.ofSeconds(30)).build());
    browser.get(url + "#/tasks");
    By doomedRow = By.cssSelector("tr[data-task-id='" + doomed.id() + "']");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(doomedRow, "RECEIVED"));
    assertThat(browser.findElements(By.cssSelector("tr[data-task-id]")).size())
        .isGreaterThanOrEqualTo(8);
    screenshot("tasks");

    browser.findElement(doomedRow).click();
    wait.until(ExpectedConditions.elementToBeClickable(By.id("revoke"))).click();
    wait.until(ExpectedConditions.alertIsPresent()).accept();

    assertThatThrownBy(() -> doomed.get(Duration.ofSeconds(90)))
        .isInstanceOf(TaskRevokedException.class);
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("main h1"), "REVOKED"));

    // Shut the Celeriac worker down from its row on the workers page.
    browser.get(url + "#/workers");
    By javaShutdown = By.cssSelector("tr[data-worker='" + javaName + "'] button");
    wait.until(ExpectedConditions.elementToBeClickable(javaShutdown)).click();
    wait.until(ExpectedConditions.alertIsPresent()).accept();
    assertThat(javaWorker.awaitExit(Duration.ofSeconds(60))).isZero();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.cssSelector("tr[data-worker='" + javaName + "']"), "offline"));

    browser.get(url + "#/tasks");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("task-search")))
        .sendKeys("boom");
    wait.until(
        d -> {
          List<WebElement> rows = d.findElements(By.cssSelector("tr[data-task-id]"));
          return rows.size() == 1
              && rows.getFirst().getAttribute("data-task-id").equals(failed.id());
        });
  }

  // Would set window.__pwned if the page ever treated task data as markup. No single quotes:
  // Python's repr of the args would escape them.
  private static final String IMG_PAYLOAD = "<img src=x onerror=\"window.__pwned=1\">";

  private static final String SCRIPT_PAYLOAD = "<script>window.__pwned=2</script>";

  @Test
  void showsMarkupInArgsResultsAndTracebacksAsTextAndRunsNone() throws Exception {
    requireBrowser();
    PythonCelery.require();
    fixture = QueueFixture.create("monitor-xss-it");
    String queue = fixture.queue;
    startPythonWorker(queue, "py-" + queue + "@it");
    String url = startMonitor(queue);

    AsyncResult<Object> echoed =
        fixture.app.task("py.echo", Object.class).delay(IMG_PAYLOAD, SCRIPT_PAYLOAD);
    echoed.get(Duration.ofSeconds(60));
    AsyncResult<Integer> failed = fixture.app.task("py.fail", Integer.class).delay(SCRIPT_PAYLOAD);
    assertThatThrownBy(() -> failed.get(Duration.ofSeconds(60))).hasMessageContaining("script");

    browser = startBrowser();
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));

    browser.get(url + "#/tasks");
    By echoRow = By.cssSelector("tr[data-task-id='" + echoed.id() + "']");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(echoRow, "SUCCESS"));
    assertThat(browser.findElement(echoRow).getText()).contains(IMG_PAYLOAD, SCRIPT_PAYLOAD);
    assertNothingRan();

    browser.get(url + "#/tasks/" + echoed.id());
    By args = By.cssSelector("dd[data-field='Args']");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(args, IMG_PAYLOAD));
    assertThat(browser.findElement(args).getText()).contains(SCRIPT_PAYLOAD);
    assertThat(browser.findElement(By.cssSelector("dd[data-field='Result']")).getText())
        .contains(IMG_PAYLOAD, SCRIPT_PAYLOAD);
    assertNothingRan();

    browser.get(url + "#/tasks/" + failed.id());
    WebElement traceback =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("traceback")));
    assertThat(traceback.getText()).contains("ValueError: " + SCRIPT_PAYLOAD);
    assertNothingRan();
  }

  /** No element came from task data and no payload ran. */
  private void assertNothingRan() {
    assertThat(browser.findElements(By.cssSelector("main img, main script"))).isEmpty();
    assertThat(((JavascriptExecutor) browser).executeScript("return typeof window.__pwned"))
        .isEqualTo("undefined");
  }

  private static void requireBrowser() {
    boolean present = Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROMIUM);
    TestEnvironment.require(
        present,
        CHROMIUM + " and " + CHROMEDRIVER,
        "Install them: apt-get install -y chromium chromium-driver");
  }

  private WebDriver startBrowser() throws IOException {
    // The driver is given, so Selenium Manager has nothing to look up or download.
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1400,900",
        "--user-data-dir=" + Files.createDirectories(temp.resolve("chromium-profile")));
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    return new ChromeDriver(service, options);
  }

  private void screenshot(String name) throws IOException {
    Path dir =
        Path.of(
            System.getProperty(
                "celeriac.monitor.screenshots",
                Path.of(System.getProperty("celeriac.cli.jar", "target/celeriac.jar"))
                    .resolveSibling("monitor")
                    .toString()));
    Files.createDirectories(dir);
    Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(shot, dir.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }

  private void startPythonWorker(String queue, String name) throws IOException {
    Path log = temp.resolve("python-worker.log");
    Process worker =
        PythonInterop.process(
                TestBroker.amqpUrl(),
                temp,
                PythonCelery.PYTHON,
                "-m",
                "celery",
                "-A",
                "celeriac_interop",
                "worker",
                "-E",
                "-Q",
                queue,
                "-P",
                "threads",
                "-c",
                "2",
                "-n",
                name,
                "-l",
                "info",
                "--without-mingle",
                "--without-gossip")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    processes.add(worker);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              assertThat(worker.isAlive()).as(() -> "python worker: " + read(log)).isTrue();
              return read(log).contains("ready.");
            });
  }

  /** Starts {@code celeriac monitor} from the CLI jar on a free port; returns its URL. */
  private String startMonitor(String queue) throws IOException {
    Path log = temp.resolve("monitor.log");
    List<String> command =
        List.of(
            ProcessHandle.current().info().command().orElse("java"),
            "-jar",
            System.getProperty("celeriac.cli.jar", "target/celeriac.jar"),
            "monitor",
            "-b",
            TestBroker.amqpUrl(),
            "--port",
            "0",
            "--broker-api",
            "http://" + TestBroker.host() + ":" + TestBroker.managementPort() + "/",
            "-Q",
            queue,
            "-l",
            "info");
    Process monitor =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    processes.add(monitor);
    Pattern address = Pattern.compile("Celeriac monitor on (http://\\S+/)");
    return await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              assertThat(monitor.isAlive()).as(() -> "monitor: " + read(log)).isTrue();
              Matcher m = address.matcher(read(log));
              return m.find() ? m.group(1) : null;
            },
            found -> found != null);
  }

  private static String read(Path log) {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "";
    }
  }
}
