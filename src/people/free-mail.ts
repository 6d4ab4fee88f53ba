/**
 * Consumer mailbox providers: an address here says nothing about the company, so it never
 * creates or matches an account. Extend with care; false positives hide real accounts.
 */
const FREE_MAIL = new Set([
  'gmail.com', 'googlemail.com', 'yahoo.com', 'yahoo.co.uk', 'yahoo.fr', 'yahoo.de', 'yahoo.co.jp', 'ymail.com',
  'rocketmail.com', 'hotmail.com', 'hotmail.co.uk', 'hotmail.fr', 'hotmail.de', 'hotmail.it', 'outlook.com',
  'outlook.fr', 'live.com', 'live.co.uk', 'live.fr', 'msn.com', 'aol.com', 'aim.com', 'icloud.com', 'me.com',
  'mac.com', 'protonmail.com', 'proton.me', 'pm.me', 'tutanota.com', 'tuta.io', 'gmx.com', 'gmx.de', 'gmx.net',
  'gmx.at', 'web.de', 't-online.de', 'mail.com', 'email.com', 'zoho.com', 'zohomail.com', 'yandex.com',
  'yandex.ru', 'mail.ru', 'inbox.ru', 'list.ru', 'bk.ru', 'rambler.ru', 'qq.com', '163.com', '126.com',
  'sina.com', 'naver.com', 'daum.net', 'hanmail.net', 'fastmail.com', 'fastmail.fm', 'hey.com', 'hushmail.com',
  'orange.fr', 'wanadoo.fr', 'free.fr', 'laposte.net', 'sfr.fr', 'libero.it', 'virgilio.it', 'tiscali.it',
  'btinternet.com', 'sky.com', 'virginmedia.com', 'comcast.net', 'verizon.net', 'att.net', 'sbcglobal.net',
  'bellsouth.net', 'cox.net', 'charter.net', 'earthlink.net', 'juno.com', 'optonline.net', 'shaw.ca',
  'rogers.com', 'sympatico.ca', 'bigpond.com', 'optusnet.com.au', 'rediffmail.com', 'seznam.cz', 'wp.pl',
  'o2.pl', 'interia.pl', 'onet.pl', 'uol.com.br', 'bol.com.br', 'terra.com.br', 'inbox.com', 'lycos.com',
]);

/** `.edu`, `.edu.au`, `.ac.uk`, `.ac.jp`...: students and faculty, not buying companies. */
const ACADEMIC = /(^|\.)(edu|ac)(\.[a-z]{2})?$/;

export function isFreeMailDomain(domain: string): boolean {
  return FREE_MAIL.has(domain);
}

export function isAcademicDomain(domain: string): boolean {
  return ACADEMIC.test(domain);
}

/** A domain that may create or match an account. */
export function isCompanyDomain(domain: string): boolean {
  return !isFreeMailDomain(domain) && !isAcademicDomain(domain);
}
