/** A refused login: the page comes back with this message, and the captcha when it is now required. */
export class LoginRefused extends Error {
  constructor(
    message: string,
    readonly captchaRequired: boolean,
  ) {
    super(message);
    this.name = "LoginRefused";
  }
}

/** The password was right but the account still awaits its activation link. */
export class AccountNotActivated extends Error {
  override name = "AccountNotActivated";
}
