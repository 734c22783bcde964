import { startShell } from '../shell/start';
import { DashboardPage } from './Dashboard';
import './office.css';

startShell('office', () => (
  <main>
    <DashboardPage />
  </main>
));
