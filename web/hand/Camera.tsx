import { useEffect, useRef, useState } from 'react';
import { KeyButton } from '../../renderer/components/KeyButton';
import { useWords } from '../../renderer/i18n';

/** The browser's own barcode reader (Chrome on Android, Safari): not in the DOM library yet. */
interface BarcodeDetectorLike {
  detect(source: HTMLVideoElement): Promise<{ rawValue: string }[]>;
}
type DetectorClass = new (options: { formats: string[] }) => BarcodeDetectorLike;

/** The same code read again within this time is the same scan (the camera sees it on and on). */
const SAME_READ_MS = 1500;

/**
 * The phone's back camera as a scanner: the browser's BarcodeDetector where it has one, else
 * the ZXing library, loaded only now (it is not in the app's start-up JavaScript).
 */
export function Camera({
  onCode,
  onClose,
}: {
  onCode: (code: string) => void;
  onClose: () => void;
}) {
  const { t } = useWords();
  const video = useRef<HTMLVideoElement>(null);
  const [failed, setFailed] = useState(false);
  const handler = useRef(onCode);
  handler.current = onCode;

  useEffect(() => {
    let stopped = false;
    let stop: () => void = () => undefined;
    let last = { code: '', at: 0 };
    const read = (code: string) => {
      const now = performance.now();
      if (code === last.code && now - last.at < SAME_READ_MS) return;
      last = { code, at: now };
      handler.current(code);
    };
    const start = async () => {
      const element = video.current;
      if (!element) return;
      const constraints = { video: { facingMode: 'environment' }, audio: false };
      const Detector = (window as unknown as { BarcodeDetector?: DetectorClass }).BarcodeDetector;
      if (Detector) {
        const stream = await navigator.mediaDevices.getUserMedia(constraints);
        if (stopped) return stream.getTracks().forEach((track) => track.stop());
        element.srcObject = stream;
        await element.play();
        const detector = new Detector({ formats: ['ean_13', 'ean_8', 'upc_a', 'code_128'] });
        const timer = setInterval(() => {
          void detector
            .detect(element)
            .then((codes) => codes[0] && read(codes[0].rawValue))
            .catch(() => undefined);
        }, 150);
        stop = () => {
          clearInterval(timer);
          stream.getTracks().forEach((track) => track.stop());
        };
        return;
      }
      const { BrowserMultiFormatReader } = await import('@zxing/browser');
      const reader = new BrowserMultiFormatReader();
      const controls = await reader.decodeFromConstraints(constraints, element, (result) => {
        if (result) read(result.getText());
      });
      if (stopped) controls.stop();
      else stop = () => controls.stop();
    };
    start().catch(() => setFailed(true));
    return () => {
      stopped = true;
      stop();
    };
  }, []);

  return (
    <section className="hand-camera">
      {failed ? (
        <p role="alert">{t('web.hand.cameraUnavailable')}</p>
      ) : (
        <video
          ref={video}
          className="hand-camera__video"
          muted
          playsInline
          aria-label={t('web.hand.cameraVideo')}
        />
      )}
      <KeyButton label={t('web.hand.cameraStop')} onClick={onClose} />
    </section>
  );
}
