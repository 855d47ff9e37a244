/**
 * The browser and system of a session in plain words ("Firefox sur Windows"), so a person can
 * recognise their own devices in the list of sessions. ua-parser-js reads the header; this file
 * only puts its names into the words people know. (ua-parser-js stays on 1.x: 2.x is AGPL.)
 */
import { UAParser } from "ua-parser-js";

/** ua-parser-js's browser names that people know by another ("Mobile Safari" is Safari). */
const BROWSER_NAMES: Record<string, string> = {
  "Mobile Safari": "Safari",
  "Chrome Headless": "Chrome",
  "Chrome WebView": "Chrome",
  "Mobile Firefox": "Firefox",
  "Firefox Focus": "Firefox",
  "Opera Mobi": "Opera",
  "Opera Touch": "Opera",
};

/** ua-parser-js's system names, said as the device people hold or the name they know. */
function systemName(os: string | undefined, model: string | undefined): string | undefined {
  if (os === "iOS") return model === "iPad" ? "iPad" : "iPhone";
  if (os === "Mac OS") return "macOS";
  if (os === "Chromium OS") return "ChromeOS";
  // Linux distributions (Ubuntu, Fedora, …) are named as themselves: people know them so.
  return os;
}

export function describeUserAgent(userAgent: string): string {
  const { browser, os, device } = new UAParser(userAgent).getResult();
  const browserName = browser.name === undefined ? undefined : (BROWSER_NAMES[browser.name] ?? browser.name);
  const system = systemName(os.name, device.model);
  if (browserName && system) return `${browserName} sur ${system}`;
  if (browserName) return browserName;
  if (system) return `Navigateur non reconnu sur ${system}`;
  return "Navigateur non reconnu";
}
