package dev.faas.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard in a real browser (headless chromium) against the real platform, through the router as a user
 * opens it: sign-in (a wrong password is refused), the example functions, deploy from the form, invoke, live
 * request count and chart, the router's recent calls (one made outside the browser), a forced scale to zero and
 * the cold start that follows with its phases, delete, and a deploy from a template (a compile error named with
 * its step, then a build that serves).
 * Screenshots of the function page go to e2e/target/screenshots/.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {
    static final String FUNCTION = "greeter";
    static final String TEMPLATED = "tmpl-greeter";
    static final Duration LIVE = Duration.ofSeconds(20);

    @TempDir
    static Path work;
    static Platform platform;
    static WebDriver browser;
    static Path screenshots;

    @BeforeAll
    static void up() throws Exception {
        Chromium.requireInstalled();
        // A long idle period, so that only the test's own scale-down takes the function to zero.
        platform = Platform.up(work.resolve("faas-home"), "--idle-timeout", "5m");
        browser = Chromium.start();
        screenshots = Path.of(System.getProperty("faas.home", "..")).toAbsolutePath().normalize()
                .resolve("e2e/target/screenshots");
        Files.createDirectories(screenshots);
    }

    @AfterAll
    static void down() throws Exception {
        try {
            if (browser != null) {
                browser.quit();
            }
        } finally {
            if (platform != null) {
                platform.close();
            }
        }
    }

    static <T> T waitFor(String what, Duration timeout, Function<WebDriver, T> condition) {
        return new WebDriverWait(browser, timeout, Duration.ofMillis(200))
                .ignoring(StaleElementReferenceException.class)
                .withMessage(() -> what + "; page text:\n" + pageText())
                .until(condition);
    }

    static String pageText() {
        try {
            return browser.findElement(By.tagName("main")).getText();
        } catch (RuntimeException e) {
            return "(no page: " + e.getMessage() + ")";
        }
    }

    static String text(String css) {
        List<WebElement> found = browser.findElements(By.cssSelector(css));
        return found.isEmpty() ? "" : found.get(0).getText();
    }

    static void signIn(String password) throws Exception {
        browser.get(platform.gateway() + "/ui/");
        WebElement form = waitFor("the sign-in form", LIVE, b -> b.findElement(By.id("login")));
        WebElement user = form.findElement(By.id("username"));
        user.clear();
        user.sendKeys(credential("username"));
        form.findElement(By.id("password")).sendKeys(password);
        form.findElement(By.id("login-submit")).click();
    }

    static String credential(String name) throws Exception {
        for (String line : Files.readAllLines(platform.faasHome.resolve("credentials"))) {
            if (line.startsWith(name + "=")) {
                return line.substring(name.length() + 1).trim();
            }
        }
        throw new AssertionError("no " + name + " in " + platform.faasHome.resolve("credentials"));
    }

    /** The whole page: the window is made as tall as the page for the shot, then put back. */
    static void screenshot(String name) throws Exception {
        Dimension size = browser.manage().window().getSize();
        Object height = ((JavascriptExecutor) browser).executeScript(
                "window.scrollTo(0, 0); return document.documentElement.scrollHeight;");
        browser.manage().window().setSize(new Dimension(size.getWidth(), Math.min(6000, ((Number) height).intValue() + 150)));
        Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, screenshots.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        browser.manage().window().setSize(size);
    }

    static void invokeFromThePage(String body) {
        invokeFromThePage(body, "Hello, " + body + "!");
    }

    static void invokeFromThePage(String body, String expected) {
        WebElement input = browser.findElement(By.id("invoke-body"));
        input.clear();
        input.sendKeys(body);
        browser.findElement(By.id("invoke-submit")).click();
        waitFor("the response to '" + body + "'", Duration.ofSeconds(60),
                b -> text("#invoke-output").equals(expected) ? true : null);
        assertEquals("HTTP 200", text("#invoke-status"));
    }

    static int coldStartRows() {
        return browser.findElements(By.cssSelector("#coldstarts tbody tr")).size();
    }

    @Test
    @Order(1)
    void aWrongPasswordIsRefused() throws Exception {
        signIn("not-the-password");
        WebElement error = waitFor("the sign-in error", LIVE, b -> {
            WebElement e = b.findElement(By.id("login-error"));
            return e.isDisplayed() ? e : null;
        });
        assertTrue(error.getText().contains("Wrong username or password"), error.getText());
        assertFalse(browser.findElement(By.id("nav")).isDisplayed(), "nothing but the form is shown");
        assertTrue(browser.findElements(By.id("functions")).isEmpty(), "no function list without credentials");
    }

    @Test
    @Order(2)
    void signedInTheExampleFunctionsAreListed() throws Exception {
        signIn(credential("password"));
        for (String example : List.of("hello", "products", "cart", "orders")) {
            waitFor("example " + example + " in the list", LIVE,
                    b -> b.findElements(By.cssSelector("#functions tr[data-function='" + example + "']")).isEmpty() ? null : true);
        }
        String hello = text("#functions tr[data-function='hello']");
        assertTrue(hello.contains("default") && hello.contains("faas.local/default/hello:"), hello);
    }

    @Test
    @Order(3)
    void deployFromTheFormThenInvokeAndWatchTheCountAndChart() throws Exception {
        String image = platform.status("hello").get("image").asText();
        browser.findElement(By.linkText("Deploy")).click();
        WebElement form = waitFor("the deploy form", LIVE, b -> b.findElement(By.id("deploy-form")));
        form.findElement(By.id("deploy-name")).sendKeys(FUNCTION);
        form.findElement(By.id("deploy-image")).sendKeys(image);
        form.findElement(By.id("deploy-submit")).click();
        waitFor("the new function's page", Duration.ofMinutes(2),
                b -> b.getCurrentUrl().endsWith("#/functions/default/" + FUNCTION) ? true : null);
        waitFor("an instance ready", Duration.ofMinutes(1), b -> text("#fn-replicas").equals("1/1") ? true : null);
        assertEquals(image, text("#fn-image"));

        for (int i = 0; i < 5; i++) {
            invokeFromThePage("browser-" + i);
        }
        // The count and the chart move without a reload: they come from the controller's event stream.
        waitFor("5 invocations counted", LIVE,
                b -> Long.parseLong(text("#fn-invocations")) >= 5 ? true : null);
        waitFor("the requests/s chart drawing the calls", LIVE, b -> {
            WebElement svg = b.findElement(By.cssSelector("#chart-rps svg"));
            return Integer.parseInt(svg.getAttribute("data-nonzero")) > 0
                    && !b.findElements(By.cssSelector("#chart-rps svg path.line")).isEmpty() ? true : null;
        });
        waitFor("the latency chart", LIVE, b -> b.findElement(By.cssSelector("#chart-latency svg"))
                .getAttribute("data-last").isEmpty() ? null : true);
        assertTrue(text("#my-calls tbody").contains("200"), text("#my-calls tbody"));

        // A call from outside the browser (any client) shows in the router's recent calls with its status.
        String callId = "outside-" + UUID.randomUUID();
        HttpResponse<String> outside = platform.call("POST", "/function/" + FUNCTION, "curl",
                Map.of("X-Call-Id", callId));
        assertEquals(200, outside.statusCode(), outside.body());
        String row = "#recent-calls tr[data-call-id='" + callId + "']";
        waitFor("the outside call " + callId + " in the recent calls", LIVE,
                b -> text(row + " td.status").equals("200") ? true : null);
        assertEquals("no", text(row + " td:last-child"), "a warm call did not wait for a cold start");
        assertTrue(text(row).matches("(?s).*\\d+(\\.\\d)? ms.*"), "its duration: " + text(row));
        waitFor("the function's log lines", LIVE, b -> text("#logs").contains("faas-runtime") ? true : null);
        screenshot("function-page-traffic");
    }

    @Test
    @Order(4)
    void aForcedScaleToZeroThenACallShowsTheColdStartWithItsPhases() throws Exception {
        int before = coldStartRows();
        WebElement replicas = browser.findElement(By.id("scale-replicas"));
        replicas.clear();
        replicas.sendKeys("0");
        browser.findElement(By.id("scale-submit")).click();
        waitFor("the confirmation", LIVE, b -> b.findElement(By.id("confirm-ok")).isDisplayed() ? true : null);
        browser.findElement(By.id("confirm-ok")).click();
        waitFor("no instance left", Duration.ofMinutes(1), b -> text("#fn-replicas").equals("0/0") ? true : null);
        // A scaled-down instance drains first (it may still answer calls the router sends it); its log says when
        // it is gone, and only then does a call need a new instance.
        waitFor("the instance's last log line", Duration.ofMinutes(1),
                b -> text("#logs").contains("faas-runtime: stopped") ? true : null);

        invokeFromThePage("cold");
        waitFor("the cold start in the table", LIVE, b -> coldStartRows() > before ? true : null);
        waitFor("the cold call first in the recent calls, marked cold", LIVE,
                b -> text("#recent-calls tbody tr:first-child td:last-child").equals("yes") ? true : null);
        assertEquals("200", text("#recent-calls tbody tr:first-child td.status"));
        WebElement newest = browser.findElement(By.cssSelector("#coldstarts tbody tr"));
        for (String phase : List.of("schedule", "process_start", "runtime_init", "handler_load", "readiness",
                "first_response")) {
            String ms = newest.findElement(By.cssSelector("td[data-phase='" + phase + "']")).getText();
            assertTrue(ms.matches("\\d+"), phase + " should be a number of ms, was '" + ms + "'");
        }
        assertTrue(Integer.parseInt(browser.findElement(By.cssSelector("#chart-coldstarts svg"))
                .getAttribute("data-count")) >= 1, "the cold start is drawn");
        assertFalse(browser.findElements(By.cssSelector("#chart-coldstarts svg rect.phase-runtime_init")).isEmpty(),
                "its phases are stacked");
        assertTrue(text("#pool-figures").contains("fresh starts: " + coldStartRows()), text("#pool-figures"));
        waitFor("an instance again", LIVE, b -> text("#fn-replicas").equals("1/1") ? true : null);
        screenshot("function-page-cold-start");
    }

    @Test
    @Order(5)
    void deleteAsksFirst() throws Exception {
        browser.findElement(By.id("delete-function")).click();
        waitFor("the confirmation", LIVE, b -> b.findElement(By.id("confirm-cancel")).isDisplayed() ? true : null);
        browser.findElement(By.id("confirm-cancel")).click();
        assertEquals(200, platform.system("GET", "/system/function/" + FUNCTION, null).statusCode(),
                "cancel keeps the function");

        browser.findElement(By.id("delete-function")).click();
        waitFor("the confirmation", LIVE, b -> b.findElement(By.id("confirm-ok")).isDisplayed() ? true : null);
        browser.findElement(By.id("confirm-ok")).click();
        waitFor("back on the list without " + FUNCTION, LIVE, b -> b.getCurrentUrl().endsWith("#/")
                && b.findElements(By.cssSelector("#functions tr[data-function='" + FUNCTION + "']")).isEmpty()
                && !b.findElements(By.cssSelector("#functions tr[data-function='hello']")).isEmpty() ? true : null);
        assertEquals(404, platform.system("GET", "/system/function/" + FUNCTION, null).statusCode());
    }

    @Test
    @Order(6)
    void deployFromATemplateShowsTheCompilerErrorThenBuildsAndServes() throws Exception {
        browser.findElement(By.linkText("Deploy")).click();
        WebElement form = waitFor("the deploy form", LIVE, b -> b.findElement(By.id("deploy-form")));
        // By keyboard: the radio group is reached and chosen without the mouse.
        WebElement fromImage = form.findElement(By.id("deploy-from-image"));
        fromImage.sendKeys(Keys.ARROW_RIGHT);
        waitFor("the template fields", LIVE, b -> b.findElement(By.id("deploy-template-fields")).isDisplayed() ? true : null);
        assertTrue(form.findElement(By.id("deploy-from-template")).isSelected());
        assertFalse(form.findElement(By.id("deploy-image")).isDisplayed());
        waitFor("the java template offered", LIVE, b -> new Select(b.findElement(By.id("deploy-template"))).getOptions()
                .stream().anyMatch(o -> o.getAttribute("value").equals("java")) ? true : null);
        new Select(form.findElement(By.id("deploy-template"))).selectByValue("java");
        WebElement handler = form.findElement(By.id("deploy-handler"));
        String templateSource = waitFor("the template's handler in the form", LIVE, b -> {
            String value = b.findElement(By.id("deploy-handler")).getAttribute("value");
            return value.contains("class Handler") ? value : null;
        });
        assertTrue(text("#deploy-template-help").contains("full HTTP control"), text("#deploy-template-help"));
        form.findElement(By.id("deploy-name")).sendKeys(TEMPLATED);

        // A handler that does not compile: the page names the failing step and shows the compiler's message.
        setValue(handler, templateSource.replace("\"Hello, \"", "greeting"));
        form.findElement(By.id("deploy-submit")).click();
        WebElement error = waitFor("the build's error", Duration.ofMinutes(4), b -> {
            WebElement e = b.findElement(By.id("deploy-error"));
            return e.isDisplayed() ? e : null;
        });
        assertTrue(error.getText().contains("Failed at step “Build: compile (compiler)”"), error.getText());
        assertTrue(error.getText().contains("compilation failed: /src/main/java/function/Handler.java:[")
                && error.getText().contains("cannot find symbol"), error.getText());
        assertTrue(text("#build-steps li.failed").startsWith("Build: compile"), text("#build-steps"));
        assertTrue(text("#build-log").contains("BUILD FAILURE"), "the build log is shown");
        screenshot("deploy-template-compile-error");

        // Fixed, with its own greeting: built, deployed, ready, and it answers from the invoke form.
        setValue(handler, templateSource.replace("\"Hello, \"", "\"Howdy, \""));
        form.findElement(By.id("deploy-submit")).click();
        waitFor("the templated function's page", Duration.ofMinutes(4),
                b -> b.getCurrentUrl().endsWith("#/functions/default/" + TEMPLATED) ? true : null);
        waitFor("an instance ready", Duration.ofMinutes(1), b -> text("#fn-replicas").equals("1/1") ? true : null);
        assertTrue(text("#fn-image").startsWith("faas.local/default/" + TEMPLATED + ":"), text("#fn-image"));
        invokeFromThePage("browser-template", "Howdy, browser-template!");
        screenshot("function-page-from-template");
        assertEquals(202, platform.system("DELETE", "/system/functions",
                "{\"functionName\":\"" + TEMPLATED + "\"}").statusCode());
    }

    /** Replaces a text field's content through the DOM: typing a whole source file key by key takes long. */
    static void setValue(WebElement field, String value) {
        ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1];"
                + "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));", field, value);
    }
}
