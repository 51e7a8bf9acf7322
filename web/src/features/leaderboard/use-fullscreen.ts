import { useCallback, useEffect, useState } from 'react';

/**
 * The Fullscreen API for the whole page. `enter` must run in a click or key handler (browsers
 * refuse it otherwise); it does nothing where the API is missing or refused (an iframe, a kiosk).
 */
export function useFullscreen() {
  const [active, setActive] = useState(() => typeof document !== 'undefined' && Boolean(document.fullscreenElement));
  useEffect(() => {
    const onChange = () => setActive(Boolean(document.fullscreenElement));
    document.addEventListener('fullscreenchange', onChange);
    return () => document.removeEventListener('fullscreenchange', onChange);
  }, []);
  const supported = typeof document !== 'undefined' && Boolean(document.fullscreenEnabled);
  const enter = useCallback(() => enterFullscreen(), []);
  const exit = useCallback(() => {
    if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
  }, []);
  return { active, supported, enter, exit };
}

export function enterFullscreen(): void {
  if (!document.fullscreenEnabled || document.fullscreenElement) return;
  void document.documentElement.requestFullscreen({ navigationUI: 'hide' }).catch(() => undefined);
}
