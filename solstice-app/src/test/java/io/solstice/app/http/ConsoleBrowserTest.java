package io.solstice.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.solstice.app.SimulatedFaults;
import io.solstice.app.TestTools;
import io.solstice.app.http.TestServer.Tenant;
import io.solstice.testkit.Await;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
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
 * The operations console in a real browser: Debian's headless Chromium, driven through its
 * chromedriver by Selenium (never a downloaded browser). An operator signs in with the admin key,
 * watches a new order appear in the live flow, opens its history and follows a causation link to
 * its payment and back, then replays a dead letter (parked by the payment simulator's injected
 * failure) and sees it resolved. Screenshots are kept in {@code target/console-screenshots/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {
  static final Path SHOTS = Path.of("target", "console-screenshots");

  @TempDir static Path data;
  @TempDir static Path profile;
  static TestServer server;
  static Tenant shop;
  static String parked;
  static WebDriver browser;
  static WebDriverWait wait;

  @BeforeAll
  static void start() throws IOException {
    Path chromium = TestTools.require("chromium", "chromium");
    Path driver = TestTools.require("chromedriver", "chromium-driver");
    server = TestServer.start(data, b -> b.faults(new SimulatedFaults(0, 1)).consoleSampleInterval(Duration.ofMillis(500)));
    shop = server.tenant("EUR");
    server.product(shop, "TEE", "19.99", 100);
    server.product(shop, "MUG", "8.50", 100);
    parked = server.order(shop, "TEE", 1, "ana@example.com", "tok_approve"); // its authorization fails once: a dead letter
    Await.until("the first authorization parked", () -> server.get("/admin/dead-letters?service=payment&status=PARKED", TestServer.ADMIN_KEY)
        .json().path("items").size() == 1);

    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--window-size=1400,1000",
        "--user-data-dir=" + profile.toAbsolutePath());
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile()).usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
    wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    Files.createDirectories(SHOTS);
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  @Order(1)
  void anOperatorFollowsAnOrderToItsPaymentAndReplaysADeadLetter() throws IOException {
    // 1. sign in
    browser.get(server.base() + "/console");
    ((JavascriptExecutor) browser).executeScript("sessionStorage.clear()");
    browser.navigate().refresh();
    WebElement key = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("admin-key")));
    key.sendKeys("not-the-key");
    browser.findElement(By.id("login-button")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("login-error"), "not the admin key"));
    key = browser.findElement(By.id("admin-key"));
    key.sendKeys(TestServer.ADMIN_KEY);
    shot("01-login");
    browser.findElement(By.id("login-button")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("nav")));
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#tenants-table tr[data-tenant='" + shop.id() + "']")));

    // 2. a new order appears in the live flow
    browser.findElement(By.cssSelector("#nav a[data-view='live']")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("live-status"), "live"));
    String order = server.order(shop, "MUG", 2, "bo@example.com", "tok_approve");
    String stream = shop.id() + ":Order-" + order;
    WebElement row = wait.until(ExpectedConditions.presenceOfElementLocated(
        By.cssSelector("tr.live-row[data-stream='" + stream + "'][data-type='Placed']")));
    assertThat(row.getText()).contains("Order.Placed");
    server.awaitStatus(shop, order, "released");
    shot("02-live-flow");

    // 3. its history, and a causation link to its payment and back
    row.findElement(By.cssSelector("a.stream-link")).click();
    wait.until(ExpectedConditions.textToBe(By.id("stream-name"), stream));
    By toPayment = By.cssSelector(".stream-event[data-type='FraudAccepted'] .effects a.event-link[data-category='Payment']");
    WebElement payment = wait.until(ExpectedConditions.elementToBeClickable(toPayment));
    assertThat(payment.getText()).contains("Payment").contains("Authorized");
    shot("03-order-history");
    payment.click();
    wait.until(ExpectedConditions.attributeToBe(By.id("event-title"), "data-stream", shop.id() + ":Payment-" + order));
    assertThat(browser.findElement(By.id("event-title")).getText()).isEqualTo("Payment · Authorized");
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#tree .tree-node")));
    shot("04-payment-and-causation-tree");
    browser.findElement(By.cssSelector("#event-cause a.event-link")).click();
    wait.until(ExpectedConditions.textToBe(By.id("event-title"), "Order · FraudAccepted"));

    // 4. replay the parked dead letter and see it resolved
    browser.findElement(By.cssSelector("#nav a[data-view='dead-letters']")).click();
    By letter = By.cssSelector("#dead-letters-table tr.dead-letter[data-status='PARKED']");
    WebElement parkedRow = wait.until(ExpectedConditions.presenceOfElementLocated(letter));
    assertThat(parkedRow.getText()).contains("payment").contains(parked).contains("simulated payment gateway failure 1 of 1");
    String id = parkedRow.getAttribute("data-id");
    shot("05-dead-letter-parked");
    parkedRow.findElement(By.cssSelector("button.replay")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(
        By.cssSelector("#dead-letters-table tr.dead-letter[data-id='" + id + "'][data-status='RESOLVED']")));
    server.awaitStatus(shop, parked, "released");
    shot("06-dead-letter-resolved");

    // the other views render too (for the screenshots and the tour in docs/console.md)
    browser.findElement(By.cssSelector("#nav a[data-view='services']")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#services-table tr[data-service='payment']")));
    shot("07-services");
    browser.findElement(By.cssSelector("#nav a[data-view='tenants']")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#tenant-list tr[data-tenant='" + shop.id() + "']")));
    shot("08-tenants");
    browser.findElement(By.cssSelector("#nav a[data-view='overview']")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#chart-orders svg")));
    shot("09-overview");
  }

  @Test
  @Order(2)
  void aNewTenantsKeyIsShownOnceAndNoSecretIsInThePage() {
    browser.get(server.base() + "/console#tenants");
    if (!browser.findElements(By.id("admin-key")).isEmpty() && browser.findElement(By.id("admin-key")).isDisplayed()) {
      browser.findElement(By.id("admin-key")).sendKeys(TestServer.ADMIN_KEY);
      browser.findElement(By.id("login-button")).click();
    }
    WebElement id = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("new-tenant-id")));
    String tenant = "ui" + Long.toString(System.nanoTime() % 1_000_000, 36);
    id.sendKeys(tenant);
    browser.findElement(By.id("new-tenant-name")).sendKeys("UI Shop");
    browser.findElement(By.cssSelector("#new-tenant-form button[type=submit]")).click();
    WebElement key = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("new-api-key")));
    assertThat(key.getText()).startsWith("sk_" + tenant + "_");
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#tenant-list tr[data-tenant='" + tenant + "']")));

    browser.get(server.base() + "/console#stream/" + shop.id() + ":Order-" + parked);
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".stream-event[data-type='Placed']")));
    for (WebElement details : browser.findElements(By.cssSelector(".stream-event details"))) {
      details.click();
    }
    String page = browser.getPageSource();
    assertThat(page).doesNotContain("tok_approve").contains("[redacted]");
  }

  private static void shot(String name) throws IOException {
    File file = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
    Files.copy(file.toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }
}
