import { startShell } from '../shell/start';
import { OfficeApp } from './App';
import './office.css';

startShell('office', (person) => <OfficeApp person={person} />);
