import { startShell } from '../shell/start';
import { HandApp } from './HandApp';
import { registerServiceWorker } from './register-sw';
import './hand.css';

registerServiceWorker();
startShell('hand', (_person, sessionEnded) => <HandApp onSessionEnded={sessionEnded} />);
