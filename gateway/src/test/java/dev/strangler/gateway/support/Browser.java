package dev.strangler.gateway.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.PageLoadStrategy;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.remote.http.ClientConfig;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium driven by Selenium, for the dashboard's browser tests: Debian's {@code
 * chromium} and {@code chromium-driver} packages ({@code scripts/test.sh} installs them), started
 * for real with a new profile and no network of its own. When no browser can start, the test fails
 * and says why: it is never skipped.
 */
public final class Browser implements AutoCloseable {

  /**
   * The system property that makes the browser tests write the README's screenshots in {@code
   * docs/screenshots} ({@code -Dscreenshots.update=true}); without it they go to {@code
   * target/screenshots}, so that a build leaves the committed ones alone.
   */
  public static final String UPDATE_SCREENSHOTS = "screenshots.update";

  /** Where the screenshots are written, from the gateway module's folder. */
  public static final Path SCREENSHOTS =
      Boolean.getBoolean(UPDATE_SCREENSHOTS)
          ? Path.of("..", "docs", "screenshots")
          : Path.of("target", "screenshots");

  private static final Duration WAIT = Duration.ofSeconds(20);

  private static final Duration PAGE_LOAD = Duration.ofSeconds(45);

  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(90);

  private final ChromeDriver driver;

  private final Path profile;

  private Browser(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  /**
   * Starts Chromium, 1280 × 900.
   *
   * @return the browser
   * @throws AssertionError when the browser or its driver is missing or cannot start
   */
  public static Browser start() {
    File chromium = executable("strangler.test.chromium", "/usr/bin/chromium", "chromium");
    File chromedriver =
        executable("strangler.test.chromedriver", "/usr/bin/chromedriver", "chromium-driver");
    Path profile;
    try {
      profile = Files.createTempDirectory("strangler-chromium");
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium);
    // the dashboard draws itself after DOMContentLoaded; waiting for more only slows a busy machine
    options.setPageLoadStrategy(PageLoadStrategy.EAGER);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--no-first-run",
        "--no-default-browser-check",
        "--user-data-dir=" + profile.toAbsolutePath(),
        "--window-size=1280,900");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(chromedriver)
            .usingAnyFreePort()
            .build();
    try {
      ChromeDriver driver =
          new ChromeDriver(
              service, options, ClientConfig.defaultConfig().readTimeout(COMMAND_TIMEOUT));
      driver.manage().timeouts().scriptTimeout(WAIT);
      driver.manage().timeouts().pageLoadTimeout(PAGE_LOAD);
      return new Browser(driver, profile);
    } catch (WebDriverException ex) {
      throw new AssertionError(
          "Chromium could not start for the dashboard's browser tests ("
              + chromium
              + " with "
              + chromedriver
              + "): "
              + ex.getMessage(),
          ex);
    }
  }

  private static File executable(String property, String path, String debianPackage) {
    File file = new File(System.getProperty(property, path));
    if (!file.canExecute()) {
      throw new AssertionError(
          "The dashboard's browser tests need "
              + file
              + " (Debian package "
              + debianPackage
              + "; scripts/test.sh installs it, or set -D"
              + property
              + "=PATH). They are not skipped without it.");
    }
    return file;
  }

  /**
   * @return the driver
   */
  public WebDriver driver() {
    return driver;
  }

  /**
   * Opens a page; once more when it did not load in 45 s (a renderer starved on a busy machine).
   *
   * @param url a page to open
   */
  public void open(String url) {
    try {
      driver.get(url);
    } catch (TimeoutException ex) {
      driver.get(url);
    }
  }

  /**
   * @param css a selector
   * @return the first element it selects, once there
   */
  public WebElement find(String css) {
    return waitFor(d -> d.findElement(By.cssSelector(css)));
  }

  /**
   * Clicks the element a selector selects, once there; again when the page drew it anew in the
   * meantime.
   *
   * @param css a selector
   */
  public void click(String css) {
    waitFor(
        d -> {
          d.findElement(By.cssSelector(css)).click();
          return true;
        });
  }

  /**
   * @param id an element id
   * @return the element, once visible
   */
  public WebElement visible(String id) {
    return waitFor(
        d -> {
          WebElement element = d.findElement(By.id(id));
          return element.isDisplayed() ? element : null;
        });
  }

  /**
   * @param id an element id
   * @param text text it should come to contain
   * @return its text then
   */
  public String waitForText(String id, String text) {
    return waitFor(
        d -> {
          String now = d.findElement(By.id(id)).getText();
          return now.contains(text) ? now : null;
        });
  }

  /**
   * Waits, up to 20 s, for a condition.
   *
   * @param condition returns a value, or null or false to go on waiting
   * @param <T> the value
   * @return the first value
   */
  public <T> T waitFor(Function<WebDriver, T> condition) {
    return new WebDriverWait(driver, WAIT)
        .pollingEvery(Duration.ofMillis(100))
        .ignoring(org.openqa.selenium.NoSuchElementException.class)
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .until(condition);
  }

  /**
   * Runs a script in the page.
   *
   * @param script JavaScript, returning a value
   * @return what it returned
   */
  public Object script(String script) {
    return ((JavascriptExecutor) driver).executeScript(script);
  }

  /**
   * @param width the window's width
   * @param height the window's height
   */
  public void size(int width, int height) {
    driver.manage().window().setSize(new Dimension(width, height));
  }

  /**
   * Saves the whole page, as wide as the window, as {@code NAME.png} in {@link #SCREENSHOTS}.
   *
   * @param name the file's name, without {@code .png}
   */
  public void screenshot(String name) {
    Dimension size = driver.manage().window().getSize();
    script("window.scrollTo(0, 0); return null");
    long height = ((Number) script("return document.documentElement.scrollHeight")).longValue();
    size(size.getWidth(), (int) Math.min(4000, Math.max(size.getHeight(), height + 120)));
    try {
      Files.createDirectories(SCREENSHOTS);
      Files.write(SCREENSHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    } finally {
      size(size.getWidth(), size.getHeight());
    }
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      deleteQuietly(profile);
    }
  }

  private static void deleteQuietly(Path folder) {
    try (var files = Files.walk(folder)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException ex) {
      // a profile left in the temporary folder is harmless
    }
  }
}
