import { render } from 'preact';
import { App } from './app.js';
import './styles.scss';

document.body.classList.add('js-enabled', 'govuk-frontend-supported');
render(<App />, document.getElementById('app')!);
